namespace AdventureServer.Training.Corpus;

/// <summary>One player action and the narration that answers it.</summary>
/// <param name="Kind">Do or Say.</param>
/// <param name="Action">
/// The action line as the game frames it (<see cref="AdventureServer.Game.Text.ActionFraming"/>), e.g.
/// <c>&gt; You open the door.</c> or, in a party, <c>&gt; Mira opens the door.</c>
/// </param>
/// <param name="Continuation">The narration that answers the action: one line, 1–4 full sentences.</param>
/// <param name="Subject">The noun or name the action is about; both the action and the continuation contain it.</param>
/// <param name="Actor">The party member who acts, or null in a second-person (single player) story.</param>
public sealed record StoryTurn(TurnKind Kind, string Action, string Continuation, string Subject, string? Actor = null);
