using AdventureServer.Game.Context;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Play;

/// <summary>A prompt and what it was built from.</summary>
public sealed record LastPrompt(PromptContext Prompt, int Budget, string Memory, IReadOnlyList<string> Blocks, IReadOnlyList<StoryCard> Cards, string AuthorsNote, DateTimeOffset BuiltAt)
{
    /// <summary>The prompt taken apart (see <see cref="PromptBreakdown"/>).</summary>
    public PromptBreakdown Breakdown(ITokenCounter counter) => PromptBreakdown.Of(Prompt, Budget, Memory, Blocks, Cards, AuthorsNote, counter);
}
