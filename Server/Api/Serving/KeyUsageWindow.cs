namespace AdventureServer.Server.Api.Serving;

/// <summary>One key's requests and tokens over the last minute (a sliding log; a key makes few requests a minute).</summary>
internal sealed class KeyUsageWindow
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(1);

    readonly Queue<DateTimeOffset> _requests = new();
    readonly List<TokenUse> _tokens = [];

    public Lock Gate { get; } = new();

    public int Requests => _requests.Count;

    public int Tokens => _tokens.Sum(t => t.Tokens);

    /// <summary>Forgets what happened more than a minute before <paramref name="now"/>.</summary>
    public void Prune(DateTimeOffset now)
    {
        while (_requests.Count > 0 && _requests.Peek() <= now - Length)
            _requests.Dequeue();
        _tokens.RemoveAll(t => t.At <= now - Length);
    }

    /// <summary>When the oldest request leaves the window.</summary>
    public TimeSpan UntilARequestFrees(DateTimeOffset now) => _requests.Count == 0 ? TimeSpan.Zero : _requests.Peek() + Length - now;

    /// <summary>When enough tokens leave the window for <paramref name="needed"/> more to fit under <paramref name="limit"/>.</summary>
    public TimeSpan UntilTokensFree(DateTimeOffset now, int needed, int limit)
    {
        var used = Tokens;
        foreach (var use in _tokens.OrderBy(t => t.At))
        {
            used -= use.Tokens;
            if (used + needed <= limit)
                return use.At + Length - now;
        }
        return Length;
    }

    public TokenUse Record(DateTimeOffset now, int tokens)
    {
        _requests.Enqueue(now);
        var use = new TokenUse(now, tokens);
        _tokens.Add(use);
        return use;
    }
}
