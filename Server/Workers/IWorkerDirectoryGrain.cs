namespace AdventureServer.Server.Workers;

/// <summary>
/// The cluster's list of live workers (one grain, key 0). Workers report about once a second; a worker that stops
/// reporting, or whose node the cluster declared dead, leaves the list. Holds no state worth keeping: if its node
/// dies, it comes back elsewhere and is filled again by the next round of reports. The one exception is the
/// <see cref="CanarySplit"/>: it is lost with the grain's node, after which every worker takes every story again (each
/// turn is still written by one model) until the game master promotes, aborts or starts the canary again.
/// </summary>
public interface IWorkerDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Takes a worker's report (joining it to the list when new).</summary>
    Task Report(WorkerReport report);

    /// <summary>The live workers' last reports.</summary>
    Task<IReadOnlyList<WorkerReport>> Workers();

    /// <summary>Starts (or, with null, ends) the canary split the front-ends route by.</summary>
    Task SetCanary(CanarySplit? canary);

    /// <summary>The canary split in force; null when none.</summary>
    Task<CanarySplit?> Canary();
}
