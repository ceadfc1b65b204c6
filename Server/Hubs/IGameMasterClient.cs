using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Hubs;

/// <summary>What the server sends to a game master's connection: the watched adventures' streams and the engine's state.</summary>
public interface IGameMasterClient
{
    /// <summary>The next piece of a watched adventure's continuation.</summary>
    Task StoryDelta(StoryDelta delta);

    /// <summary>A watched adventure's continuation ended.</summary>
    Task ContinuationEnded(ContinuationEnded ended);

    /// <summary>A watched adventure's blocks changed.</summary>
    Task StoryChanged(StoryUpdate update);

    /// <summary>A watched adventure's settings or members changed.</summary>
    Task AdventureChanged(AdventureView adventure);

    /// <summary>Someone joined, left, connected to or disconnected from a watched adventure.</summary>
    Task PresenceChanged(PresenceUpdate presence);

    /// <summary>The engine's state, about once a second, while subscribed (<see cref="GameMasterHub.SubscribeEngineState"/>).</summary>
    Task EngineState(EngineStateView state);
}
