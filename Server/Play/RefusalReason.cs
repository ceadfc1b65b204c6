namespace AdventureServer.Server.Play;

/// <summary>
/// Why the server (rather than the game's rules, <see cref="Game.Rules.RuleReason"/>) refused a hub call: the word a
/// <see cref="RefusedException"/> carries and the client reads before the colon.
/// </summary>
public enum RefusalReason
{
    /// <summary>Malformed arguments: a missing request, a null where a value is needed, an unknown enum value.</summary>
    Invalid,

    /// <summary>Too many calls or actions in the last minute.</summary>
    RateLimited,

    /// <summary>The account hosts as many adventures as the server allows.</summary>
    TooManyAdventures,

    /// <summary>The account holds as many connections as the server allows.</summary>
    TooManyConnections,

    /// <summary>The engine could not take the continuation now (the action itself is kept).</summary>
    EngineBusy,

    /// <summary>Someone else changed the adventure at the same moment.</summary>
    Conflict,

    /// <summary>The model a game master asked for could not be loaded; the old one keeps serving.</summary>
    ModelLoadFailed,

    /// <summary>No valid login, or the account was deleted, locked or changed since the token was issued.</summary>
    Unauthorized,
}
