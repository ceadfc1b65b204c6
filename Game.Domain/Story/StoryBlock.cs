using AdventureServer.Game.Rules;

namespace AdventureServer.Game.Story;

/// <summary>
/// One block of a story: the opening, a player's action, or a continuation. Immutable: every change
/// returns a new block. Text is never thrown away: retries keep the earlier continuations as
/// <see cref="Alternatives"/>, edits keep the previous text in <see cref="History"/>, and undo and
/// erase only set <see cref="Hidden"/>.
/// </summary>
/// <param name="Id">Stable id (also the streaming key).</param>
/// <param name="Type">Opening, action or continuation.</param>
/// <param name="AuthorId">The acting user's id (actions only).</param>
/// <param name="AuthorName">The acting user's display name at the time (actions only).</param>
/// <param name="Kind">The action kind (actions only).</param>
/// <param name="TypedText">What the player typed (actions only; empty otherwise).</param>
/// <param name="Alternatives">The versions of the text; an action or opening has exactly one.</param>
/// <param name="Shown">The index of the alternative that is shown and sent to the model.</param>
/// <param name="History">Texts this block had before each edit, oldest first.</param>
/// <param name="Hidden">Removed from view by undo or erase; kept, and restorable.</param>
public sealed record StoryBlock(
    Guid Id,
    BlockType Type,
    string? AuthorId,
    string? AuthorName,
    ActionKind? Kind,
    string TypedText,
    IReadOnlyList<Alternative> Alternatives,
    int Shown,
    IReadOnlyList<string> History,
    bool Hidden)
{
    /// <summary>The shown text (for an action, the framed text).</summary>
    public string Text => Alternatives[Shown].Text;

    /// <summary>The shown alternative's state.</summary>
    public ContinuationState State => Alternatives[Shown].State;

    /// <summary>True while the model is writing the shown alternative.</summary>
    public bool IsWriting => State == ContinuationState.Writing;

    /// <summary>The scenario's opening text.</summary>
    public static StoryBlock Opening(string text) =>
        new(Guid.CreateVersion7(), BlockType.Opening, null, null, null, string.Empty,
            [new Alternative(text, ContinuationState.Done)], 0, [], false);

    /// <summary>
    /// A player's action, framed with <see cref="AdventureServer.Game.Text.ActionFraming"/>: in the second person,
    /// or in the third with <paramref name="characterName"/> when one is given.
    /// </summary>
    public static StoryBlock Action(string authorId, string authorName, ActionKind kind, string typedText, string? characterName = null) =>
        new(Guid.CreateVersion7(), BlockType.Action, authorId, authorName, kind, typedText,
            [new Alternative(Game.Text.ActionFraming.Frame(kind, typedText, characterName), ContinuationState.Done)], 0, [], false);

    /// <summary>An empty continuation the model is about to write.</summary>
    public static StoryBlock NewContinuation() =>
        new(Guid.CreateVersion7(), BlockType.Continuation, null, null, null, string.Empty,
            [new Alternative(string.Empty, ContinuationState.Writing)], 0, [], false);

    /// <summary>Stores the text written so far (the whole text, not a delta) and the state; only while writing.</summary>
    public StoryBlock WriteContinuation(string text, ContinuationState state)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsWriting)
        {
            throw new GameRuleException(RuleReason.NotWriting, "This continuation is no longer being written.");
        }

        return WithShown(new Alternative(text, state));
    }

    /// <summary>Starts a new, empty alternative and shows it; the earlier ones stay.</summary>
    public StoryBlock WithRetry() =>
        this with
        {
            Alternatives = [.. Alternatives, new Alternative(string.Empty, ContinuationState.Writing)],
            Shown = Alternatives.Count,
        };

    /// <summary>Replaces the shown text, keeping the previous one in <see cref="History"/>.</summary>
    public StoryBlock WithEdit(string text) =>
        (WithShown(Alternatives[Shown] with { Text = text })) with { History = [.. History, Text] };

    StoryBlock WithShown(Alternative alternative)
    {
        var alternatives = Alternatives.ToArray();
        alternatives[Shown] = alternative;
        return this with { Alternatives = alternatives };
    }
}
