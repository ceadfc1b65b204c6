using System.Text.Json;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Persistence;

namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// What a grain answers a command with: its result as JSON, or the refusal the game or the server gave. Refusals
/// travel as data and are thrown again on the caller's side, as the same exception, so a hub on any node refuses
/// with the same reason and message as the single process does.
/// </summary>
/// <param name="Json">The result (null: none).</param>
/// <param name="Refusal">Why the command was refused (null: it was not).</param>
public sealed record CommandReply(string? Json, CommandRefusal? Refusal)
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The reply for a command that returned <paramref name="result"/>.</summary>
    public static CommandReply Of(object? result) =>
        new(result is null ? null : JsonSerializer.Serialize(result, result.GetType(), Options), null);

    /// <summary>The reply for a refused command, or null when <paramref name="e"/> is not a refusal (a fault, which Orleans carries as such).</summary>
    public static CommandReply? Refused(Exception e) => e switch
    {
        GameRuleException rule => new(null, new CommandRefusal(CommandRefusalKind.Rule, rule.Reason.ToString(), rule.Message)),
        RefusedException refused => new(null, new CommandRefusal(CommandRefusalKind.Server, refused.Reason.ToString(), refused.Message)),
        ConcurrencyConflictException conflict => new(null, new CommandRefusal(CommandRefusalKind.Conflict, string.Empty, conflict.Message)),
        _ => null,
    };

    /// <summary>The refusal thrown again, if the command was refused.</summary>
    public void ThrowIfRefused()
    {
        if (Refusal is { } refusal)
            throw refusal.ToException();
    }

    /// <summary>The result, or the refusal thrown again.</summary>
    public T? Result<T>()
    {
        ThrowIfRefused();
        return Json is null ? default : JsonSerializer.Deserialize<T>(Json, Options);
    }
}

/// <summary>Which exception a refusal was.</summary>
public enum CommandRefusalKind
{
    /// <summary>A <see cref="GameRuleException"/>.</summary>
    Rule,

    /// <summary>A <see cref="RefusedException"/>.</summary>
    Server,

    /// <summary>A <see cref="ConcurrencyConflictException"/>.</summary>
    Conflict,
}

/// <summary>A refusal as data: the exception's kind, its reason word and its message.</summary>
public sealed record CommandRefusal(CommandRefusalKind Kind, string Reason, string Message)
{
    /// <summary>The exception this refusal was.</summary>
    public Exception ToException() => Kind switch
    {
        CommandRefusalKind.Rule => new GameRuleException(Enum.Parse<RuleReason>(Reason), Message),
        CommandRefusalKind.Server => new RefusedException(Enum.Parse<RefusalReason>(Reason), Message),
        _ => new ConcurrencyConflictException(Message),
    };
}
