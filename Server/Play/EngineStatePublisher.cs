using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs;
using AdventureServer.Server.Streaming;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>Pushes the engine's state to the subscribed game masters about once a second.</summary>
public sealed class EngineStatePublisher(
    IHubContext<GameMasterHub, IGameMasterClient> masters,
    ITextGenerator generator,
    StoryStreamer streamer,
    IOptions<GameOptions> options,
    ILogger<EngineStatePublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EngineStateInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await masters.Clients.Group(HubGroups.EngineState).EngineState(EngineStates.Of(generator, streamer));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                PlayLog.SendFailed(logger, e, Guid.Empty);
            }
        }
    }
}
