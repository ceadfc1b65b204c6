using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

/// <summary>
/// On shutdown, stops every running continuation and waits until each is saved (as Interrupted, so it can be
/// retried). The engine itself is disposed with the container, after every hosted service has stopped.
/// </summary>
public sealed class StreamShutdown(StoryStreamer streamer, ILogger<StreamShutdown> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        PlayLog.StoppingContinuations(logger, streamer.All.Count);
        await streamer.StopAllAsync().WaitAsync(cancellationToken);
    }
}
