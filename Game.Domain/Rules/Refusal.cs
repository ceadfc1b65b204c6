namespace AdventureServer.Game.Rules;

/// <summary>The answer of a <c>CanXyz</c> check when the command is not allowed; <c>null</c> means allowed.</summary>
public sealed record Refusal(RuleReason Reason, string Message)
{
    /// <summary>The exception the matching effect method throws.</summary>
    public GameRuleException ToException() => new(Reason, Message);

    /// <summary>Throws when <paramref name="refusal"/> is not null: effect methods call this with their own check.</summary>
    public static void ThrowIfAny(Refusal? refusal)
    {
        if (refusal is not null)
        {
            throw refusal.ToException();
        }
    }
}
