using System.Threading.RateLimiting;

namespace AdventureServer.Server.Play;

/// <summary>
/// A lease of <see cref="SlidingLogRateLimiter"/>: granted permits stay counted for the limiter's window whether or
/// not the lease is disposed (a rate, not a concurrency limit), unless <see cref="Settle"/> gives some back. A
/// refused lease carries <see cref="MetadataName.RetryAfter"/> when waiting can help, and how many permits were in use.
/// </summary>
public sealed class SlidingLogLease : RateLimitLease
{
    readonly TimeSpan? _retryAfter;
    readonly Grant? _grant;
    readonly Lock? _gate;

    SlidingLogLease(bool acquired, TimeSpan? retryAfter, int inUse, Grant? grant, Lock? gate)
    {
        IsAcquired = acquired;
        _retryAfter = retryAfter;
        InUse = inUse;
        _grant = grant;
        _gate = gate;
    }

    public override bool IsAcquired { get; }

    /// <summary>For a refused lease, the permits the window already held.</summary>
    public int InUse { get; }

    public override IEnumerable<string> MetadataNames => _retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (_retryAfter is not null && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = _retryAfter.Value;
            return true;
        }
        metadata = null;
        return false;
    }

    /// <summary>Lowers the permits this grant counts to <paramref name="used"/> (never raises them): a reservation that needed less.</summary>
    public void Settle(int used)
    {
        if (_grant is null || _gate is null)
            return;
        lock (_gate)
            _grant.Permits = Math.Min(_grant.Permits, Math.Max(0, used));
    }

    internal static SlidingLogLease Granted(Grant? grant, Lock gate) => new(true, null, 0, grant, gate);

    internal static SlidingLogLease Refused(TimeSpan? retryAfter, int inUse) => new(false, retryAfter, inUse, null, null);

    /// <summary>One grant in the limiter's log; its permits shrink when settled.</summary>
    internal sealed class Grant(DateTimeOffset at, int permits)
    {
        public DateTimeOffset At { get; } = at;

        public int Permits { get; set; } = permits;
    }
}
