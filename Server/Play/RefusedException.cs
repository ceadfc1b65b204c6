namespace AdventureServer.Server.Play;

/// <summary>
/// A hub call the server refuses for a reason of its own (limits, the engine, malformed arguments). Services throw
/// it; <see cref="GameHubFilter"/> alone turns it (and the game's <see cref="Game.Rules.GameRuleException"/>) into
/// the <c>Reason: sentence</c> the client receives.
/// </summary>
public sealed class RefusedException : Exception
{
    public RefusedException(RefusalReason reason, string message)
        : base(message) => Reason = reason;

    public RefusedException()
        : this(RefusalReason.Invalid, "The call was refused.")
    {
    }

    public RefusedException(string message)
        : this(RefusalReason.Invalid, message)
    {
    }

    public RefusedException(string message, Exception innerException)
        : base(message, innerException) => Reason = RefusalReason.Invalid;

    /// <summary>The reason word.</summary>
    public RefusalReason Reason { get; }
}
