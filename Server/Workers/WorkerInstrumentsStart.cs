namespace AdventureServer.Server.Workers;

/// <summary>Creates the <see cref="WorkerInstruments"/> when a front-end starts (gauges exist once created).</summary>
public sealed class WorkerInstrumentsStart(WorkerInstruments instruments) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(instruments);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
