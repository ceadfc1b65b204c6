using System.Diagnostics.Metrics;

namespace AdventureServer.Server.Workers;

/// <summary>
/// A front-end's view of the workers at <c>/metrics</c>: how many are live, how many the cluster should run
/// (<c>adventure_workers_desired</c>, from <see cref="DesiredWorkerCount"/>: the autoscaler's metric), and each
/// worker's last reported queue, KV-cache use and tokens/s.
/// </summary>
public sealed class WorkerInstruments : IDisposable
{
    /// <summary>The meter's name (exported by the observability setup).</summary>
    public const string MeterName = "AdventureServer.Cluster";

    readonly Meter _meter;

    public WorkerInstruments(IMeterFactory meters, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(pool);
        _meter = meters.Create(MeterName);
        var scaling = new WorkerScalingOptions();
        _meter.CreateObservableGauge("adventure.workers.live", () => pool.Reports.Count, description: "Inference workers reporting to the cluster");
        _meter.CreateObservableGauge("adventure.workers.desired", () => DesiredWorkerCount.From([.. pool.Reports.Select(r => r.Load)], scaling),
            description: "Inference workers the cluster should run for the load the workers report");
        _meter.CreateObservableGauge("adventure.worker.queue_length", () => PerWorker(pool, l => l.QueueLength), description: "Continuations waiting for a row, by worker");
        _meter.CreateObservableGauge("adventure.worker.kv_cache_use", () => PerWorker(pool, l => l.KvCacheUse), description: "Share of the KV-cache pool in use, by worker");
        _meter.CreateObservableGauge("adventure.worker.tokens_per_second", () => PerWorker(pool, l => l.TokensPerSecond), description: "Tokens generated per second, by worker");
    }

    static IEnumerable<Measurement<double>> PerWorker(WorkerPool pool, Func<WorkerLoad, double> figure) =>
        pool.Reports.Select(r => new Measurement<double>(figure(r.Load), new KeyValuePair<string, object?>("worker", r.Load.WorkerId)));

    public void Dispose() => _meter.Dispose();
}
