using System.Collections.Concurrent;
using System.Globalization;
using AdventureServer.Server.Api.Keys;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.Serving;

/// <summary>Per-key limits: requests per minute and tokens per minute (<see cref="ApiOptions"/>).</summary>
public sealed class ApiRateLimiter(IOptions<ApiOptions> options, TimeProvider clock)
{
    readonly ConcurrentDictionary<int, KeyUsageWindow> _windows = new();

    /// <summary>
    /// Counts a request of <paramref name="caller"/> that may use up to <paramref name="tokens"/> tokens, or refuses it (429).
    /// The tokens are reserved at once, so that concurrent requests cannot overrun the limit together; call the returned
    /// action with the tokens actually used once the request ends (0 when it never ran) to give back the rest.
    /// </summary>
    /// <exception cref="ApiProblem">429 when a limit is reached; 400 when the request alone exceeds the per-minute token limit.</exception>
    public Action<int> Admit(ApiCaller caller, int tokens)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var limits = options.Value;
        var window = _windows.GetOrAdd(caller.KeyId, _ => new KeyUsageWindow());
        lock (window.Gate)
        {
            var now = clock.GetUtcNow();
            window.Prune(now);
            if (window.Requests >= limits.RequestsPerMinute)
            {
                var wait = window.UntilARequestFrees(now);
                throw ApiProblem.RateLimited(string.Create(CultureInfo.InvariantCulture,
                    $"This key has made {window.Requests} requests in the last minute, its limit. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds."), wait);
            }
            if (tokens > limits.TokensPerMinute)
                throw ApiProblem.BadParameter("max_tokens", string.Create(CultureInfo.InvariantCulture,
                    $"The prompt and max_tokens together come to {tokens} tokens, more than this key may use in a minute ({limits.TokensPerMinute}). Shorten the prompt or ask for fewer tokens."));
            if (window.Tokens + tokens > limits.TokensPerMinute)
            {
                var wait = window.UntilTokensFree(now, tokens, limits.TokensPerMinute);
                throw ApiProblem.RateLimited(string.Create(CultureInfo.InvariantCulture,
                    $"This key has used {window.Tokens} of its {limits.TokensPerMinute} tokens per minute; this request may need {tokens}. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds, or ask for fewer tokens."), wait);
            }
            var use = window.Record(now, tokens);
            return used =>
            {
                lock (window.Gate)
                    use.Tokens = Math.Min(use.Tokens, Math.Max(0, used));
            };
        }
    }
}
