namespace AdventureServer.Game.Adventures;

/// <summary>A member's role in one adventure.</summary>
public enum MemberRole
{
    /// <summary>Created the adventure; moderates it and changes its settings.</summary>
    Host,

    /// <summary>Plays.</summary>
    Player,
}
