using System.Globalization;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Context;

/// <summary>
/// A prompt that <see cref="ContextBuilder"/> built, taken apart for the host: memory, the triggered story cards
/// (with the key that triggered each), the author's note and the story, each with its tokens, and what was left
/// out to fit. The parts are cut out of the prompt's own text, so together they are exactly what the model saw.
/// </summary>
/// <param name="Prompt">The whole prompt.</param>
/// <param name="TokenCount">The whole prompt's tokens (parts counted alone may add up to a few more or less: BPE merges across joins).</param>
/// <param name="Budget">The tokens the prompt was allowed (the model's window less the tokens to generate).</param>
/// <param name="Memory">The memory.</param>
/// <param name="Cards">The triggered story cards in prompt order.</param>
/// <param name="AuthorsNote">The author's note as inserted (with its frame).</param>
/// <param name="Story">The story blocks in the prompt, joined.</param>
/// <param name="BlocksLeftOut">Story blocks older than the prompt's first one, left out to fit.</param>
/// <param name="FirstBlockCut">True when only the end of the oldest block in the prompt fit.</param>
public sealed record PromptBreakdown(
    string Prompt,
    int TokenCount,
    int Budget,
    PromptPart Memory,
    IReadOnlyList<PromptCard> Cards,
    PromptPart AuthorsNote,
    PromptPart Story,
    int BlocksLeftOut,
    bool FirstBlockCut)
{
    /// <summary>
    /// Takes apart <paramref name="prompt"/>, built by a <see cref="ContextBuilder"/> with <paramref name="options"/>
    /// from these very parts (<paramref name="blocks"/> are the block texts it was given).
    /// </summary>
    public static PromptBreakdown Of(
        PromptContext prompt, int budget, string memory, IReadOnlyList<string> blocks, IReadOnlyList<StoryCard> cards, string authorsNote,
        ITokenCounter counter, ContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(authorsNote);
        ArgumentNullException.ThrowIfNull(counter);
        options ??= ContextOptions.Default;
        var segments = blocks.Select(StoryText.Segment).OfType<string>().ToArray();
        var memoryText = StoryText.Segment(memory) ?? string.Empty;
        var noteText = string.IsNullOrWhiteSpace(authorsNote)
            ? string.Empty
            : StoryText.Segment(string.Format(CultureInfo.InvariantCulture, options.AuthorsNoteFormat, authorsNote.Trim()))!;
        // The same scan as the builder's: the last few segments, whole words, any case.
        var recent = string.Concat(segments.Skip(Math.Max(0, segments.Length - options.CardScanDepth)));
        var triggered = cards
            .Where(c => c.Enabled && !string.IsNullOrWhiteSpace(c.Text))
            .Select(c => (Card: c, Text: StoryText.Segment(c.Text)!, Key: c.Keys.FirstOrDefault(k => WholeWords.Contains(recent, k))))
            .Where(t => t.Key is not null)
            .ToArray();
        var sectionLength = triggered.Sum(t => t.Text.Length) + noteText.Length;
        var text = prompt.Text;
        var story = text[memoryText.Length..prompt.SectionOffset] + text[(prompt.SectionOffset + sectionLength)..];
        return new PromptBreakdown(
            text,
            prompt.TokenCount,
            budget,
            Part(memoryText, counter),
            triggered.Select(t => new PromptCard(t.Card.Title, t.Key!, t.Text, counter.CountTokens(t.Text))).ToArray(),
            Part(noteText, counter),
            Part(story, counter),
            prompt.FirstBlock,
            prompt.FirstBlockIsCut);
    }

    static PromptPart Part(string text, ITokenCounter counter) => new(text, text.Length == 0 ? 0 : counter.CountTokens(text));
}
