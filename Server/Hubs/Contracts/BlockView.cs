namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>One block of the story as clients show it.</summary>
/// <param name="Id">The block's id; deltas of a continuation carry it.</param>
/// <param name="Type"><c>Opening</c>, <c>Action</c> or <c>Continuation</c>.</param>
/// <param name="AuthorId">Who acted (actions only).</param>
/// <param name="AuthorName">Their display name at the time (actions only).</param>
/// <param name="Kind"><c>Do</c>, <c>Say</c>, <c>Story</c> or <c>Continue</c> (actions only).</param>
/// <param name="Text">The shown text (an action's framed text, e.g. <c>&gt; You open the door.</c>).</param>
/// <param name="State"><c>Writing</c>, <c>Done</c>, <c>Cancelled</c>, <c>Failed</c> or <c>Interrupted</c>.</param>
/// <param name="Shown">Which alternative (retry) is shown, 0-based.</param>
/// <param name="Alternatives">How many alternatives the block has (1 unless retried).</param>
/// <param name="Edited">True when the block's text was edited.</param>
/// <param name="Hidden">True for an undone or erased block; only game masters are sent those.</param>
/// <param name="Position">
/// The block's place among all the adventure's blocks, hidden ones included (0 for the opening); it never
/// changes, so a client keeps its blocks ordered by it.
/// </param>
public sealed record BlockView(
    Guid Id,
    string Type,
    string? AuthorId,
    string? AuthorName,
    string? Kind,
    string Text,
    string State,
    int Shown,
    int Alternatives,
    bool Edited,
    bool Hidden,
    int Position);
