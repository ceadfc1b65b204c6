using AdventureServer.Server.Cluster;

namespace AdventureServer.Server.Workers;

/// <summary>The list behind <see cref="IWorkerDirectoryGrain"/>.</summary>
public sealed class WorkerDirectoryGrain(LiveNodes nodes, TimeProvider time) : Grain, IWorkerDirectoryGrain
{
    /// <summary>A worker silent this long is taken off the list.</summary>
    static readonly TimeSpan Silence = TimeSpan.FromSeconds(5);
    readonly Dictionary<string, (WorkerReport Report, DateTimeOffset At)> _workers = new(StringComparer.Ordinal);
    CanarySplit? _canary;

    public Task SetCanary(CanarySplit? canary)
    {
        _canary = canary;
        return Task.CompletedTask;
    }

    public Task<CanarySplit?> Canary() => Task.FromResult(_canary);

    public Task Report(WorkerReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _workers[report.Load.WorkerId] = (report, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkerReport>> Workers()
    {
        var now = time.GetUtcNow();
        foreach (var gone in _workers.Where(w => now - w.Value.At > Silence || !nodes.IsAlive(w.Key)).Select(w => w.Key).ToArray())
            _workers.Remove(gone);
        return Task.FromResult<IReadOnlyList<WorkerReport>>(_workers.Values.Select(w => w.Report).ToArray());
    }
}
