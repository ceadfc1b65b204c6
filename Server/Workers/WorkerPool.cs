using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Workers;

/// <summary>
/// On a front-end: the workers it may send turns to, kept in step with the cluster's <see cref="IWorkerDirectoryGrain"/>
/// (polled every <see cref="Interval"/>) and fed to its <see cref="StoryRouter"/>. A worker found dead mid-turn is
/// taken out at once (<see cref="Lost"/>), without waiting for the directory, for <see cref="LossMemory"/>: long
/// enough for the cluster to declare its node dead, short enough that a worker that only stumbled comes back. Each
/// worker's model and the cluster's <see cref="CanarySplit"/> come from the directory too.
/// </summary>
public sealed partial class WorkerPool(IGrainFactory grains, IOptions<StoryRoutingOptions> routing, ILogger<WorkerPool> logger) : BackgroundService
{
    /// <summary>How often the list is read.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>A context window to budget prompts with before any worker reported (GPT-2's).</summary>
    const int DefaultContextWindow = 1024;

    readonly Lock _gate = new();
    /// <summary>How long a worker lost mid-turn stays out of the routing.</summary>
    public static readonly TimeSpan LossMemory = TimeSpan.FromSeconds(10);

    readonly Dictionary<string, long> _lostAt = new(StringComparer.Ordinal);
    readonly HashSet<string> _draining = new(StringComparer.Ordinal);
    IReadOnlyList<WorkerReport> _workers = [];

    /// <summary>The live workers' last reports (those taken out of the routing left out).</summary>
    public IReadOnlyList<WorkerReport> Reports
    {
        get
        {
            lock (_gate)
                return _workers;
        }
    }

    /// <summary>The router over the live workers.</summary>
    public StoryRouter Router { get; } = new(routing.Value);

    /// <summary>The served model's name, as the workers report it (empty before any did).</summary>
    public string ModelName
    {
        get
        {
            lock (_gate)
                return _workers.Count == 0 ? string.Empty : _workers[0].ModelName;
        }
    }

    /// <summary>The smallest context window among the workers, so a prompt fits whichever takes it.</summary>
    public int ContextWindow
    {
        get
        {
            lock (_gate)
                return _workers.Count == 0 ? DefaultContextWindow : _workers.Min(w => w.ContextWindow);
        }
    }

    /// <summary>Takes a worker that failed mid-turn out of the routing until the directory lists it afresh.</summary>
    public void Lost(string workerId)
    {
        lock (_gate)
            _lostAt[workerId] = Environment.TickCount64;
        Router.RemoveWorker(workerId);
    }

    /// <summary>Takes a worker out of the routing while it switches models; false when it is not in it.</summary>
    public bool Drain(string workerId)
    {
        lock (_gate)
            _draining.Add(workerId);
        return Router.RemoveWorker(workerId);
    }

    /// <summary>Puts a drained worker back (at the next refresh, from its fresh report).</summary>
    public void Undrain(string workerId)
    {
        lock (_gate)
            _draining.Remove(workerId);
    }

    /// <summary>Reads the directory once and brings the router in step (also run by the loop).</summary>
    public async Task RefreshAsync()
    {
        // A draining worker finishes its turns but takes no new ones: it is left out as if gone.
        var directory = grains.GetGrain<IWorkerDirectoryGrain>(0);
        var reports = (await directory.Workers()).Where(r => !r.Draining).ToArray();
        var canary = await directory.Canary();
        var listed = reports.Select(r => r.Load.WorkerId).ToHashSet(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (id, at) in _lostAt.ToArray())
                if (Environment.TickCount64 - at > LossMemory.TotalMilliseconds)
                    _lostAt.Remove(id);
            _workers = reports.Where(r => !_lostAt.ContainsKey(r.Load.WorkerId)).ToArray();
        }

        foreach (var gone in Router.Workers.Where(w => !listed.Contains(w) || IsOut(w)).ToArray())
            if (Router.RemoveWorker(gone))
                LogLeft(gone);
        foreach (var report in reports.Where(r => !IsOut(r.Load.WorkerId)))
        {
            if (Router.AddWorker(report.Load.WorkerId, report.Load.MaxSequences, report.ModelName))
                LogJoined(report.Load.WorkerId, report.ModelName, report.Load.MaxSequences);
            Router.Report(report.Load);
        }
        Router.Canary = canary;
    }

    bool IsOut(string workerId)
    {
        lock (_gate)
            return _lostAt.ContainsKey(workerId) || _draining.Contains(workerId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await RefreshAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                LogRefreshFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} joined the routing, serving {Model} with {Rows} rows")]
    partial void LogJoined(string worker, string model, int rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} left the routing")]
    partial void LogLeft(string worker);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The worker list could not be read: {Reason}")]
    partial void LogRefreshFailed(string reason);
}
