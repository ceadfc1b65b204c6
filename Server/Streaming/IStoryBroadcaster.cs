using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Streaming;

/// <summary>Sends a continuation's stream to everyone watching the adventure (its players and game masters).</summary>
public interface IStoryBroadcaster
{
    Task DeltaAsync(StoryDelta delta);

    Task EndedAsync(ContinuationEnded ended);
}
