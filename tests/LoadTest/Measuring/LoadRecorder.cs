namespace AdventureServer.LoadTest.Measuring;

/// <summary>
/// What the simulated players did and measured, thread-safe. A recorder can feed a parent too, so a ramp keeps
/// each step's figures and the whole run's.
/// </summary>
public sealed class LoadRecorder(LoadRecorder? parent = null)
{
    readonly Lock _gate = new();
    readonly Dictionary<string, int> _refused = [];
    readonly Dictionary<string, int> _failed = [];
    readonly List<(double AtMs, double Ms)> _ttft = [];
    readonly List<double> _itl = [];
    readonly List<double> _deltas = [];
    readonly List<(double AtMs, int Players)> _players = [];
    readonly List<string> _failures = [];
    int _active;

    public int Sent { get; private set; }

    public int Completed { get; private set; }

    public int Reconnects { get; private set; }

    public double StartedMs { get; } = LoadClock.NowMs;

    public void ActionSent() => Do(r => r.Sent++);

    public void ActionCompleted() => Do(r => r.Completed++);

    /// <summary>The server refused the action with a reason it gives (Busy, NotYourTurn, RateLimited, ...).</summary>
    public void ActionRefused(string reason) => Do(r => r._refused[reason] = r._refused.GetValueOrDefault(reason) + 1);

    /// <summary>The action failed: a timeout, a dropped connection, an unexpected refusal, a stream that never ended.</summary>
    public void ActionFailed(string reason, string? detail = null) => Do(r =>
    {
        r._failed[reason] = r._failed.GetValueOrDefault(reason) + 1;
        if (detail is not null && r._failures.Count < 10)
            r._failures.Add($"{reason}: {detail}");
    });

    /// <summary>A server error while setting a player up (registering) that was tried again.</summary>
    public void SetupRetried(string detail) => Do(r =>
    {
        r.SetupRetries++;
        if (r._failures.Count < 10)
            r._failures.Add("SetupRetried: " + detail);
    });

    public int SetupRetries { get; private set; }

    public void Reconnected() => Do(r => r.Reconnects++);

    /// <summary>Time to first token of a continuation that started at <paramref name="atMs"/>.</summary>
    public void TimeToFirstToken(double atMs, double ms) => Do(r => r._ttft.Add((atMs, ms)));

    public void TimeBetweenTokens(IEnumerable<double> arrivals)
    {
        var times = arrivals.ToArray();
        Do(r =>
        {
            for (var i = 1; i < times.Length; i++)
                r._itl.Add(times[i] - times[i - 1]);
        });
    }

    /// <summary>Arrival times of one continuation's deltas, counted once (by the player who acted).</summary>
    public void DeltasArrived(IEnumerable<double> arrivals)
    {
        var times = arrivals.ToArray();
        Do(r => r._deltas.AddRange(times));
    }

    public void PlayerJoined() => Do(r => r._players.Add((LoadClock.NowMs, ++r._active)));

    public void PlayerLeft() => Do(r => r._players.Add((LoadClock.NowMs, --r._active)));

    public IReadOnlyDictionary<string, int> Refused => Copy(() => new Dictionary<string, int>(_refused));

    public IReadOnlyDictionary<string, int> Failed => Copy(() => new Dictionary<string, int>(_failed));

    public IReadOnlyList<(double AtMs, double Ms)> Ttft => Copy(() => _ttft.ToArray());

    /// <summary>The first few failures' messages, to say why without a debugger.</summary>
    public IReadOnlyList<string> FailureSamples => Copy(() => _failures.ToArray());

    public IReadOnlyList<double> Itl => Copy(() => _itl.ToArray());

    public IReadOnlyList<double> DeltaArrivals => Copy(() => _deltas.ToArray());

    public IReadOnlyList<(double AtMs, int Players)> ActivePlayers => Copy(() => _players.ToArray());

    T Copy<T>(Func<T> copy)
    {
        lock (_gate)
            return copy();
    }

    void Do(Action<LoadRecorder> change)
    {
        lock (_gate)
            change(this);
        parent?.Do(change);
    }
}
