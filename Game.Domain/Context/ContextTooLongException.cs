using AdventureServer.Game.Rules;

namespace AdventureServer.Game.Context;

/// <summary>The fixed parts of the prompt alone exceed the token budget; <see cref="Part"/> says which one to shorten.</summary>
public sealed class ContextTooLongException : GameRuleException
{
    public ContextTooLongException()
        : this(ContextPart.Memory, "The memory, author's note and story cards do not fit the model's window.")
    {
    }

    public ContextTooLongException(string message)
        : this(ContextPart.Memory, message)
    {
    }

    public ContextTooLongException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ContextTooLongException(ContextPart part, string message)
        : base(RuleReason.ContextTooLong, message)
    {
        Part = part;
    }

    /// <summary>The part that made the fixed parts overflow.</summary>
    public ContextPart Part { get; }
}
