using System.Threading.RateLimiting;

namespace AdventureServer.Server.Play;

/// <summary>
/// At most <c>limit</c> permits in any window (a sliding log of what was granted, so the count is exact rather
/// than estimated from segments). Unlike the framework's window limiters it reads the time from a
/// <see cref="TimeProvider"/>, says when a refused request could succeed (<see cref="MetadataName.RetryAfter"/>), and
/// lets a grant be settled for fewer permits than reserved (<see cref="SlidingLogLease.Settle"/>). No queueing: a
/// request is granted or refused at once. One instance per partition of <see cref="RateLimits"/>.
/// </summary>
public sealed class SlidingLogRateLimiter(int limit, TimeSpan window, TimeProvider time) : RateLimiter
{
    readonly Lock _gate = new();
    readonly Queue<SlidingLogLease.Grant> _grants = new();
    DateTimeOffset _lastActivity = time.GetUtcNow();
    long _successful;
    long _failed;

    /// <summary>The most permits the window holds.</summary>
    public int Limit { get; } = limit;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var now = time.GetUtcNow();
                Prune(now);
                // Idle (and so removable by the partitioned limiter) only once nothing it granted still counts.
                return _grants.Count == 0 ? now - _lastActivity : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            Prune(time.GetUtcNow());
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = Limit - Used(),
                CurrentQueuedCount = 0,
                TotalSuccessfulLeases = _successful,
                TotalFailedLeases = _failed,
            };
        }
    }

    /// <summary>
    /// Grants <paramref name="permitCount"/> permits if they fit the window now. Zero permits asks whether any
    /// permit is left without taking one.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            Prune(now);
            _lastActivity = now;
            var used = Used();
            var fits = permitCount == 0 ? used < Limit : permitCount <= Limit && used + permitCount <= Limit;
            if (!fits)
            {
                _failed++;
                return SlidingLogLease.Refused(permitCount > Limit ? null : UntilFree(now, Math.Max(1, permitCount)), used);
            }
            _successful++;
            if (permitCount == 0)
                return SlidingLogLease.Granted(null, _gate);
            var grant = new SlidingLogLease.Grant(now, permitCount);
            _grants.Enqueue(grant);
            return SlidingLogLease.Granted(grant, _gate);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    void Prune(DateTimeOffset now)
    {
        while (_grants.Count > 0 && _grants.Peek().At <= now - window)
            _grants.Dequeue();
    }

    int Used() => _grants.Sum(g => g.Permits);

    // When enough of the oldest grants leave the window for `needed` more permits to fit.
    TimeSpan UntilFree(DateTimeOffset now, int needed)
    {
        var used = Used();
        foreach (var grant in _grants)
        {
            used -= grant.Permits;
            if (used + needed <= Limit)
                return grant.At + window - now;
        }
        return window;
    }
}
