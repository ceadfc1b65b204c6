namespace AdventureServer.Server.Workers;

/// <summary>The targets <see cref="DesiredWorkerCount"/> sizes the worker pool by.</summary>
public sealed record WorkerScalingOptions
{
    /// <summary>
    /// Share of a worker's rows that may be in use (running or waiting) on average. Below 1 so that the random
    /// bunching of turns on a story's rendezvous worker seldom reaches its queue limit and spills.
    /// </summary>
    public double TargetUtilisation { get; init; } = 0.7;

    /// <summary>Share of a worker's KV-cache pool that may be in use on average (long stories fill it before rows do).</summary>
    public double TargetKvCacheUse { get; init; } = 0.8;

    /// <summary>Fewest workers the count asks for, even with no load (a first turn should not wait for a worker to start).</summary>
    public int MinWorkers { get; init; } = 1;

    /// <summary>Most workers the count asks for, whatever the load (a bound on what a runaway report can cost).</summary>
    public int MaxWorkers { get; init; } = 10_000;

    /// <summary>Throws unless the targets are shares in (0, 1] and the bounds are ordered and at least 1.</summary>
    public void Validate()
    {
        if (!(TargetUtilisation is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(TargetUtilisation), TargetUtilisation, "A share in (0, 1].");
        if (!(TargetKvCacheUse is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(TargetKvCacheUse), TargetKvCacheUse, "A share in (0, 1].");
        ArgumentOutOfRangeException.ThrowIfLessThan(MinWorkers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWorkers, MinWorkers);
    }
}
