namespace AdventureServer.Game.Context;

/// <summary>A prompt built by <see cref="ContextBuilder"/>.</summary>
/// <param name="Text">The prompt.</param>
/// <param name="SectionOffset">
/// Where the story cards and author's note begin. Everything before it (memory and the older blocks)
/// stays the same turn after turn while the story only grows, so the inference worker can reuse it.
/// </param>
/// <param name="FirstBlock">Index, among the blocks given, of the oldest block in the prompt (whole or cut).</param>
/// <param name="FirstBlockIsCut">True when only the end of the oldest block fit (the story's newest window did not fit whole).</param>
/// <param name="TokenCount">The prompt's tokens, as counted by the builder's <see cref="ITokenCounter"/>.</param>
/// <param name="TriggeredCards">Titles of the story cards in the prompt.</param>
public sealed record PromptContext(string Text, int SectionOffset, int FirstBlock, bool FirstBlockIsCut, int TokenCount, IReadOnlyList<string> TriggeredCards);
