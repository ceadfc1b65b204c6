namespace AdventureServer.Server.Play;

/// <summary>The SignalR group names, in one place so hubs and broadcasters agree.</summary>
public static class HubGroups
{
    /// <summary>The players attached to an adventure (player hub).</summary>
    public static string Adventure(Guid adventureId) => $"adventure:{adventureId:N}";

    /// <summary>The game masters watching an adventure (game-master hub).</summary>
    public static string Watchers(Guid adventureId) => $"watch:{adventureId:N}";

    /// <summary>The game masters subscribed to the engine's state (game-master hub).</summary>
    public const string EngineState = "engine-state";
}
