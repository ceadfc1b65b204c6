namespace AdventureServer.Server.Workers;

/// <summary>
/// A game master's model switch on a front-end, rolled across the workers one at a time: each is taken out of the
/// routing (its stories go to the others), given up to <see cref="DrainLimit"/> to finish its running turns, switched,
/// and put back before the next one starts, so the cluster keeps serving throughout. A lone worker is switched in
/// place (its engine lets running turns finish on the old model). A model that fails to load stops the rollout; the
/// workers not yet switched keep the old model. Every turn is written by one model whatever the rollout does: a turn
/// fails over only to workers serving the model it began on (see <see cref="ClusterTextGenerator"/>).
/// </summary>
/// <remarks>
/// A canary (<see cref="StartCanaryAsync"/>) switches one worker first and sends it only a share of the adventures (a
/// <see cref="CanarySplit"/> held by the <see cref="IWorkerDirectoryGrain"/>, so every front-end routes by it); then
/// <see cref="PromoteAsync"/> rolls the rest and ends the split, or <see cref="AbortAsync"/> switches the canary back.
/// </remarks>
public sealed partial class ModelRollout(IGrainFactory grains, WorkerPool pool, ILogger<ModelRollout> logger)
{
    /// <summary>The longest a worker is given to finish its turns before it is switched anyway.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    IWorkerDirectoryGrain Directory => grains.GetGrain<IWorkerDirectoryGrain>(0);

    /// <summary>Switches every worker to <paramref name="model"/> (ending any canary); returns the workers switched, in order.</summary>
    public async Task<IReadOnlyList<string>> RollAsync(string model, CancellationToken cancellationToken = default)
    {
        var workers = await LiveWorkersAsync();
        var switched = new List<string>();
        foreach (var worker in workers)
        {
            await SwitchOneAsync(worker, model, workers.Length > 1, cancellationToken);
            switched.Add(worker);
        }
        await EndCanaryAsync();
        return switched;
    }

    /// <summary>
    /// Switches one worker (the first by name) to <paramref name="model"/> and sends it the adventures whose canary point
    /// is below <paramref name="share"/> (0 to 1); the other workers keep their model and take the rest. Needs two
    /// workers at least, and no canary running. Returns the split in force.
    /// </summary>
    public async Task<CanarySplit> StartCanaryAsync(string model, double share, CancellationToken cancellationToken = default)
    {
        CanarySplit.CheckShare(share);
        if (await Directory.Canary() is { } running)
            throw new InvalidOperationException($"A canary of {running.Model} is running; promote or abort it first.");
        var workers = await LiveWorkersAsync();
        if (workers.Length < 2)
            throw new InvalidOperationException("A canary needs two workers at least: one switches, the others keep serving the current model.");
        var canary = workers[0];
        var name = await SwitchOneAsync(canary, model, drain: true, cancellationToken, then: async name =>
        {
            // In force before the canary rejoins the routing, so it never takes an adventure of the other side.
            var split = new CanarySplit(name, model ?? string.Empty, share);
            await Directory.SetCanary(split);
            pool.Router.Canary = split;
        });
        LogCanaryStarted(canary, name, share);
        return new CanarySplit(name, model ?? string.Empty, share);
    }

    /// <summary>Rolls the canary's model across the workers that do not serve it yet, then ends the split; returns them.</summary>
    public async Task<IReadOnlyList<string>> PromoteAsync(CancellationToken cancellationToken = default)
    {
        var split = await Directory.Canary() ?? throw new InvalidOperationException("No canary is running.");
        var workers = await LiveWorkersAsync();
        var rest = workers.Where(w => pool.Router.ModelOf(w) != split.Model).ToArray();
        foreach (var worker in rest)
            await SwitchOneAsync(worker, split.Source, workers.Length > 1, cancellationToken);
        await EndCanaryAsync();
        LogPromoted(split.Model, rest.Length);
        return rest;
    }

    /// <summary>
    /// Switches the workers serving the canary's model to <paramref name="model"/> (what the others serve: a folder,
    /// <c>hf:NAME</c>, or empty for the bundled default), then ends the split; returns them.
    /// </summary>
    public async Task<IReadOnlyList<string>> AbortAsync(string model, CancellationToken cancellationToken = default)
    {
        var split = await Directory.Canary() ?? throw new InvalidOperationException("No canary is running.");
        var workers = await LiveWorkersAsync();
        var canaries = workers.Where(w => pool.Router.ModelOf(w) == split.Model).ToArray();
        foreach (var worker in canaries)
            await SwitchOneAsync(worker, model, workers.Length > 1, cancellationToken);
        await EndCanaryAsync();
        LogAborted(split.Model, canaries.Length);
        return canaries;
    }

    async Task<string[]> LiveWorkersAsync()
    {
        await pool.RefreshAsync();
        var workers = pool.Router.Workers.Order(StringComparer.Ordinal).ToArray();
        return workers.Length == 0 ? throw new InvalidOperationException("No inference worker is running.") : workers;
    }

    async Task EndCanaryAsync()
    {
        await Directory.SetCanary(null);
        pool.Router.Canary = null;
    }

    // Drains (unless it is the only worker), switches and puts back one worker; `then` runs before it is put back.
    async Task<string> SwitchOneAsync(string worker, string model, bool drain, CancellationToken cancellationToken, Func<string, Task>? then = null)
    {
        // The last worker in the routing is switched in place rather than drained, so a turn always finds a worker.
        var drained = drain && pool.Router.Workers.Count > 1 && pool.Drain(worker);
        try
        {
            if (drained)
                await WaitIdleAsync(worker, cancellationToken);
            var name = await grains.GetGrain<IWorkerGrain>(worker).SwitchModel(model);
            LogSwitched(worker, name);
            // Put back only once its report names the new model, so no front-end routes by the old name.
            await WaitReportedAsync(worker, name, cancellationToken);
            pool.Router.SetModel(worker, name);
            if (then is not null)
                await then(name);
            return name;
        }
        finally
        {
            if (drained)
                await RejoinAsync(worker);
        }
    }

    // Back into the routing now, not at the pool's next refresh: the next worker's drain must not leave the router
    // empty for a moment (a turn arriving then would find no worker and fail EngineBusy).
    async Task RejoinAsync(string worker)
    {
        pool.Undrain(worker);
        try
        {
            await pool.RefreshAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The pool's own loop refreshes again within half a second.
            LogRejoinDeferred(worker, e.Message);
        }
    }

    async Task WaitReportedAsync(string worker, string model, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + WorkerReporter.Interval * 5;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var reports = await Directory.Workers();
            if (reports.FirstOrDefault(r => r.Load.WorkerId == worker) is not { } report || report.ModelName == model)
                return;
            await Task.Delay(WorkerReporter.Interval / 4, cancellationToken);
        }
    }

    async Task WaitIdleAsync(string worker, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + DrainLimit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var reports = await Directory.Workers();
            if (reports.FirstOrDefault(r => r.Load.WorkerId == worker) is not { Load.InFlight: > 0 })
                return;
            await Task.Delay(WorkerReporter.Interval / 2, cancellationToken);
        }
        LogDrainTimedOut(worker, DrainLimit);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} now serves {Model}")]
    partial void LogSwitched(string worker, string model);

    [LoggerMessage(Level = LogLevel.Information, Message = "Canary: worker {Worker} serves {Model} to a share {Share} of the adventures")]
    partial void LogCanaryStarted(string worker, string model, double share);

    [LoggerMessage(Level = LogLevel.Information, Message = "Canary of {Model} promoted: {Count} more workers switched")]
    partial void LogPromoted(string model, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Canary of {Model} aborted: {Count} workers switched back")]
    partial void LogAborted(string model, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} rejoins the routing at the next refresh: {Reason}")]
    partial void LogRejoinDeferred(string worker, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} still had turns running after {Limit}; switched anyway (they finish on the old model)")]
    partial void LogDrainTimedOut(string worker, TimeSpan limit);
}
