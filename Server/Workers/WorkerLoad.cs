namespace AdventureServer.Server.Workers;

/// <summary>
/// What an inference worker reports about itself, a few times a second: the figures the
/// <see cref="StoryRouter"/> spills by and <see cref="DesiredWorkerCount"/> scales by.
/// </summary>
/// <remarks>
/// The router and the autoscaler read only these values, never the worker itself, so a report can travel between
/// processes (a grain call, a metrics scrape) as it is. The constructor rejects figures no worker can have, so a
/// bad report fails where it is made, not where it is summed.
/// </remarks>
public sealed record WorkerLoad
{
    /// <summary>Makes a report, checking every figure's range.</summary>
    /// <param name="workerId">The worker's stable name (its silo or pod name).</param>
    /// <param name="activeSequences">Continuations being generated now (rows of the KV-cache pool in use).</param>
    /// <param name="queueLength">Continuations waiting for a row.</param>
    /// <param name="maxSequences">Rows the worker runs at once (its <c>MaxConcurrentSequences</c>); at least 1.</param>
    /// <param name="kvCacheUse">Share of the KV-cache pool in use, 0 to 1.</param>
    /// <param name="tokensPerSecond">Tokens generated per second over the last report interval.</param>
    public WorkerLoad(string workerId, int activeSequences, int queueLength, int maxSequences, double kvCacheUse, double tokensPerSecond)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        ArgumentOutOfRangeException.ThrowIfNegative(activeSequences);
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSequences, 1);
        if (!(kvCacheUse is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(kvCacheUse), kvCacheUse, "KV-cache use is a share, from 0 to 1.");
        if (!(tokensPerSecond >= 0) || double.IsInfinity(tokensPerSecond))
            throw new ArgumentOutOfRangeException(nameof(tokensPerSecond), tokensPerSecond, "Tokens per second is a finite rate, at least 0.");
        WorkerId = workerId;
        ActiveSequences = activeSequences;
        QueueLength = queueLength;
        MaxSequences = maxSequences;
        KvCacheUse = kvCacheUse;
        TokensPerSecond = tokensPerSecond;
    }

    public string WorkerId { get; }

    public int ActiveSequences { get; }

    public int QueueLength { get; }

    public int MaxSequences { get; }

    public double KvCacheUse { get; }

    public double TokensPerSecond { get; }

    /// <summary>Continuations the worker holds, running or waiting: the demand it carries.</summary>
    public int InFlight => ActiveSequences + QueueLength;
}
