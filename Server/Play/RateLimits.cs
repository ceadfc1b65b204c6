using System.Threading.RateLimiting;
using AdventureServer.Server.Api;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>
/// The server's one rate limiter: a <see cref="PartitionedRateLimiter{TResource}"/> with a per-minute
/// <see cref="SlidingLogRateLimiter"/> for every (kind, account or key), used by both hubs (calls, actions) and the
/// HTTP API (requests, tokens). Thread-safe singleton; partitions that have counted nothing for a while are dropped.
/// </summary>
public sealed class RateLimits : IDisposable
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    readonly PartitionedRateLimiter<LimitKey> _limiter;

    public RateLimits(IOptions<GameOptions> game, IOptions<ApiOptions> api, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(api);
        _limiter = PartitionedRateLimiter.Create<LimitKey, LimitKey>(key => RateLimitPartition.Get(key, k =>
            new SlidingLogRateLimiter(LimitOf(k.Kind, game.Value, api.Value), Window, time)));
    }

    /// <summary>
    /// Takes <paramref name="permits"/> from the partition of <paramref name="key"/> if they fit its last minute
    /// (0: only asks whether one is left). A granted lease counts for the minute; dispose it all the same.
    /// </summary>
    public SlidingLogLease Acquire(LimitKey key, int permits = 1) => (SlidingLogLease)_limiter.AttemptAcquire(key, permits);

    /// <summary>The per-minute limit of <paramref name="kind"/>.</summary>
    public static int LimitOf(LimitKind kind, GameOptions game, ApiOptions api)
    {
        ArgumentNullException.ThrowIfNull(game);
        ArgumentNullException.ThrowIfNull(api);
        return kind switch
        {
            LimitKind.HubCalls => game.InvocationsPerMinute,
            LimitKind.Actions => game.ActionsPerMinute,
            LimitKind.ApiRequests => api.RequestsPerMinute,
            LimitKind.ApiTokens => api.TokensPerMinute,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown limit."),
        };
    }

    public void Dispose() => _limiter.Dispose();
}
