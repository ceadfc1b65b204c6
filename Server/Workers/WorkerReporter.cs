using AdventureServer.Inference.Serving;
using AdventureServer.Server.Cluster;

namespace AdventureServer.Server.Workers;

/// <summary>
/// On a worker node: reports the engine's load to the cluster's <see cref="IWorkerDirectoryGrain"/> every
/// <see cref="Interval"/>. When the node is told to stop (SIGTERM: a scale-down, a rolling restart) it drains first:
/// it reports itself draining, so the front-ends send it no new turns, and waits, up to <see cref="DrainLimit"/>, for
/// the turns it runs to finish, before the host stops the silo and the engine.
/// </summary>
public sealed partial class WorkerReporter(IGrainFactory grains, ModelHost engine, ClusterNode node, ILogger<WorkerReporter> logger)
    : BackgroundService, IHostedLifecycleService
{
    /// <summary>The longest a stopping worker waits for its turns (inside the host's 30 s shutdown allowance).</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(20);

    volatile bool _draining;

    /// <summary>How often the worker reports.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The report as of now.</summary>
    public WorkerReport Now()
    {
        var s = engine.State;
        var rows = engine.Current.PoolSize.Rows;
        var load = new WorkerLoad(node.Name, Math.Min(s.BatchSize + s.PrefillingSequences, rows), s.QueueLength, rows,
            Math.Clamp(s.CacheUse, 0, 1), Math.Max(0, s.TokensPerSecond));
        return new WorkerReport(load, engine.ModelName, engine.ContextWindow, _draining);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
            await ReportAsync();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        await ReportAsync();
        // Turns routed here before the front-ends read the report still arrive: give them a moment, then wait them out.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(WorkerPool.Interval * 3, CancellationToken.None);
        while (waited.Elapsed < DrainLimit && !Idle())
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        LogDrained(waited.Elapsed.TotalSeconds, Idle());
    }

    bool Idle()
    {
        var s = engine.State;
        return s.QueueLength + s.BatchSize + s.PrefillingSequences == 0;
    }

    async Task ReportAsync()
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

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Drained for {Seconds:F1} s before stopping (idle: {Idle})")]
    partial void LogDrained(double seconds, bool idle);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worker's report did not reach the directory: {Reason}")]
    partial void LogReportFailed(string reason);
}
