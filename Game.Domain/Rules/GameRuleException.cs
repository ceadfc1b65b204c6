namespace AdventureServer.Game.Rules;

/// <summary>A command the game's rules refuse, with a typed <see cref="Reason"/> and a message a player can read.</summary>
public class GameRuleException : Exception
{
    public GameRuleException()
        : this(RuleReason.NotFound, "The game refused the command.")
    {
    }

    public GameRuleException(string message)
        : this(RuleReason.NotFound, message)
    {
    }

    public GameRuleException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = RuleReason.NotFound;
    }

    public GameRuleException(RuleReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>Why the command was refused.</summary>
    public RuleReason Reason { get; }
}
