namespace AdventureServer.Server.Workers;

/// <summary>
/// How many workers the cluster should run, from the live workers' <see cref="WorkerLoad"/> reports: the number the
/// autoscaler is given (as the external metric the Kubernetes HorizontalPodAutoscaler scales the workers by).
/// </summary>
/// <remarks>
/// Demand is what the workers hold: continuations running plus waiting, and KV-cache in use. Tokens per second is
/// not demand (it flattens when the workers saturate, just when more are needed), so it is reported but not summed
/// here. Each demand is divided by what one worker should carry at its target, rounded up, and the larger wins:
/// <c>max(⌈Σ(active + queued) / (rows × utilisation)⌉, ⌈Σ kv / kv target⌉)</c>, bounded by
/// <see cref="WorkerScalingOptions.MinWorkers"/> and <see cref="WorkerScalingOptions.MaxWorkers"/>. Rows per
/// worker is the reports' mean, so a mixed pool is sized as if its workers were alike. Damping (how fast to scale
/// down) is left to the autoscaler, which has a stabilisation window for it.
/// </remarks>
public static class DesiredWorkerCount
{
    /// <summary>Tolerance for rounding: 100 sequences at 50 a worker is 2 workers, not 3 by a rounding error.</summary>
    const double Epsilon = 1e-9;

    /// <summary>The desired count for these reports (one per live worker); the minimum when there are none.</summary>
    public static int From(IReadOnlyCollection<WorkerLoad> reports, WorkerScalingOptions options)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (reports.Count == 0)
            return options.MinWorkers;

        long inFlight = 0, rows = 0;
        double kv = 0;
        foreach (var report in reports)
        {
            inFlight += report.InFlight;
            rows += report.MaxSequences;
            kv += report.KvCacheUse;
        }
        var rowsPerWorker = (double)rows / reports.Count;
        var bySequences = Math.Ceiling(inFlight / (rowsPerWorker * options.TargetUtilisation) - Epsilon);
        var byKvCache = Math.Ceiling(kv / options.TargetKvCacheUse - Epsilon);
        var desired = Math.Max(bySequences, byKvCache);
        return (int)Math.Clamp(desired, options.MinWorkers, options.MaxWorkers);
    }
}
