namespace AdventureServer.Server.Workers;

/// <summary>
/// A game master's model switch on a front-end, rolled across the workers one at a time: each is taken out of the
/// routing (its stories go to the others), given up to <see cref="DrainLimit"/> to finish its running turns, switched,
/// and put back before the next one starts, so the cluster keeps serving throughout and a turn is written by one
/// model from start to end. A lone worker is switched in place (its engine lets running turns finish on the old
/// model). A model that fails to load stops the rollout; the workers not yet switched keep the old model.
/// </summary>
public sealed partial class ModelRollout(IGrainFactory grains, WorkerPool pool, ILogger<ModelRollout> logger)
{
    /// <summary>The longest a worker is given to finish its turns before it is switched anyway.</summary>
    public static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    /// <summary>Switches every worker to <paramref name="model"/>; returns the workers switched, in order.</summary>
    public async Task<IReadOnlyList<string>> RollAsync(string model, CancellationToken cancellationToken = default)
    {
        await pool.RefreshAsync();
        var workers = pool.Router.Workers.Order(StringComparer.Ordinal).ToArray();
        if (workers.Length == 0)
            throw new InvalidOperationException("No inference worker is running.");
        var switched = new List<string>();
        foreach (var worker in workers)
        {
            var drained = workers.Length > 1 && pool.Drain(worker);
            try
            {
                if (drained)
                    await WaitIdleAsync(worker, cancellationToken);
                var name = await grains.GetGrain<IWorkerGrain>(worker).SwitchModel(model);
                LogSwitched(worker, name);
                switched.Add(worker);
            }
            finally
            {
                if (drained)
                    pool.Undrain(worker);
            }
        }
        return switched;
    }

    async Task WaitIdleAsync(string worker, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + DrainLimit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            var reports = await grains.GetGrain<IWorkerDirectoryGrain>(0).Workers();
            if (reports.FirstOrDefault(r => r.Load.WorkerId == worker) is not { Load.InFlight: > 0 })
                return;
            await Task.Delay(WorkerReporter.Interval / 2, cancellationToken);
        }
        LogDrainTimedOut(worker, DrainLimit);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker {Worker} now serves {Model}")]
    partial void LogSwitched(string worker, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Worker} still had turns running after {Limit}; switched anyway (they finish on the old model)")]
    partial void LogDrainTimedOut(string worker, TimeSpan limit);
}
