namespace AdventureServer.Game.Adventures;

/// <summary>Who may act next.</summary>
public enum TurnPolicy
{
    /// <summary>Any member who is not muted may act whenever no continuation is being written.</summary>
    FreeForAll,

    /// <summary>
    /// The turn passes in join order: the next member after the last one who acted, skipping muted members.
    /// The host has no override (fairness is the point of the policy); a game master may always act.
    /// If nobody has acted yet, or the last actor has left, any member may act.
    /// </summary>
    RoundRobin,
}
