namespace AdventureServer.Game.Context;

/// <summary>A story card that went into a prompt, and the key in the recent story that triggered it.</summary>
/// <param name="Title">The card's title.</param>
/// <param name="Key">The first of its keys found (whole words, any case) in the blocks the builder scans.</param>
/// <param name="Text">The card's text as it stands in the prompt.</param>
/// <param name="Tokens">Its tokens, counted alone.</param>
public sealed record PromptCard(string Title, string Key, string Text, int Tokens);
