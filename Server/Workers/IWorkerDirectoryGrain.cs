namespace AdventureServer.Server.Workers;

/// <summary>
/// The cluster's list of live workers (one grain, key 0). Workers report about once a second; a worker that stops
/// reporting, or whose node the cluster declared dead, leaves the list. Holds no state worth keeping: if its node
/// dies, it comes back elsewhere and is filled again by the next round of reports.
/// </summary>
public interface IWorkerDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Takes a worker's report (joining it to the list when new).</summary>
    Task Report(WorkerReport report);

    /// <summary>The live workers' last reports.</summary>
    Task<IReadOnlyList<WorkerReport>> Workers();
}
