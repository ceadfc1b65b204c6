namespace AdventureServer.Inference.Training.Corpus;

/// <summary>One player action and the narration that answers it.</summary>
/// <param name="Kind">Do or Say.</param>
/// <param name="Action">The action as the game writes it, without the leading <c>&gt; </c>, e.g. <c>You open the door.</c></param>
/// <param name="Continuation">The narration that answers the action: one line, 1–4 full sentences.</param>
/// <param name="Subject">The noun or name the action is about; both the action and the continuation contain it.</param>
public sealed record StoryTurn(TurnKind Kind, string Action, string Continuation, string Subject);
