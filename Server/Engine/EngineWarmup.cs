using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Engine;

/// <summary>Loads the model at start-up (resolving the engine loads it), so a bad model stops the server at once and the first player does not wait.</summary>
public sealed class EngineWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<ITextGenerator>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
