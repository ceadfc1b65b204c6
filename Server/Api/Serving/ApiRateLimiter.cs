using System.Globalization;
using System.Threading.RateLimiting;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Play;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api.Serving;

/// <summary>Per-key limits: requests per minute and tokens per minute (<see cref="ApiOptions"/>), in the server's one <see cref="RateLimits"/>.</summary>
public sealed class ApiRateLimiter(RateLimits limits, IOptions<ApiOptions> options)
{
    /// <summary>
    /// Counts a request of <paramref name="caller"/> that may use up to <paramref name="tokens"/> tokens, or refuses it (429).
    /// The tokens are reserved at once, so that concurrent requests cannot overrun the limit together; call the returned
    /// action with the tokens actually used once the request ends (0 when it never ran) to give back the rest.
    /// </summary>
    /// <exception cref="ApiProblem">429 when a limit is reached; 400 when the request alone exceeds the per-minute token limit.</exception>
    public Action<int> Admit(ApiCaller caller, int tokens)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var settings = options.Value;
        var id = caller.KeyId.ToString(CultureInfo.InvariantCulture);
        var requests = new LimitKey(LimitKind.ApiRequests, id);

        // Asked first without taking one, so that a request refused for its tokens does not count as a request.
        using (var room = limits.Acquire(requests, 0))
        {
            if (!room.IsAcquired)
                throw RequestsExhausted(room, settings);
        }
        if (tokens > settings.TokensPerMinute)
            throw ApiProblem.BadParameter("max_tokens", string.Create(CultureInfo.InvariantCulture,
                $"The prompt and max_tokens together come to {tokens} tokens, more than this key may use in a minute ({settings.TokensPerMinute}). Shorten the prompt or ask for fewer tokens."));

        var reserved = limits.Acquire(new LimitKey(LimitKind.ApiTokens, id), Math.Max(0, tokens));
        if (!reserved.IsAcquired)
        {
            var wait = RetryAfter(reserved);
            reserved.Dispose();
            throw ApiProblem.RateLimited(string.Create(CultureInfo.InvariantCulture,
                $"This key has used {reserved.InUse} of its {settings.TokensPerMinute} tokens per minute; this request may need {tokens}. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds, or ask for fewer tokens."), wait);
        }
        using var request = limits.Acquire(requests);
        if (!request.IsAcquired)
        {
            // Another request of the key took the last place since the check above.
            reserved.Settle(0);
            reserved.Dispose();
            throw RequestsExhausted(request, settings);
        }
        return used =>
        {
            reserved.Settle(used);
            reserved.Dispose();
        };
    }

    static ApiProblem RequestsExhausted(SlidingLogLease refused, ApiOptions settings)
    {
        var wait = RetryAfter(refused);
        return ApiProblem.RateLimited(string.Create(CultureInfo.InvariantCulture,
            $"This key has made {settings.RequestsPerMinute} requests in the last minute, its limit. Try again in {Math.Ceiling(wait.TotalSeconds)} seconds."), wait);
    }

    static TimeSpan RetryAfter(RateLimitLease refused) =>
        refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
}
