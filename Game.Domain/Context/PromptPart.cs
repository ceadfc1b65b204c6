namespace AdventureServer.Game.Context;

/// <summary>One part of a prompt as the model saw it.</summary>
/// <param name="Text">The part's text, exactly as it stands in the prompt (empty when the part is absent).</param>
/// <param name="Tokens">Its tokens, counted alone.</param>
public sealed record PromptPart(string Text, int Tokens);
