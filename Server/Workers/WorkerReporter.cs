using AdventureServer.Inference.Serving;
using AdventureServer.Server.Cluster;

namespace AdventureServer.Server.Workers;

/// <summary>On a worker node: reports the engine's load to the cluster's <see cref="IWorkerDirectoryGrain"/> every <see cref="Interval"/>.</summary>
public sealed partial class WorkerReporter(IGrainFactory grains, ModelHost engine, ClusterNode node, ILogger<WorkerReporter> logger) : BackgroundService
{
    /// <summary>How often the worker reports.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The report as of now.</summary>
    public WorkerReport Now()
    {
        var s = engine.State;
        var rows = engine.Current.PoolSize.Rows;
        var load = new WorkerLoad(node.Name, Math.Min(s.BatchSize + s.PrefillingSequences, rows), s.QueueLength, rows,
            Math.Clamp(s.CacheUse, 0, 1), Math.Max(0, s.TokensPerSecond));
        return new WorkerReport(load, engine.ModelName, engine.ContextWindow);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await grains.GetGrain<IWorkerDirectoryGrain>(0).Report(Now());
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                // The silo is starting or the directory's node just died; the next round reports again.
                LogReportFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worker's report did not reach the directory: {Reason}")]
    partial void LogReportFailed(string reason);
}
