using System.Globalization;
using System.Text;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Context;

/// <summary>
/// Builds the prompt: memory, then story blocks, with the triggered story cards and the author's note
/// inserted a few blocks before the end. Deterministic: the same inputs give the same prompt.
/// </summary>
/// <remarks>
/// GPT-2 has absolute positions, so moving the prompt's start by one token forces the worker to
/// recompute everything. When the story does not fit, its oldest blocks are therefore dropped in large
/// steps, at fixed "window starts" that depend only on the story: a block starts a window when the
/// tokens before it cross a multiple of half the budget left after memory and author's note. The prompt
/// starts at the oldest window start whose story still fits, so it keeps its start for many turns and
/// then jumps about half a budget. Only when even the newest window does not fit are the newest blocks
/// taken backwards, the oldest of them cut by tokens. Window starts are measured without the story cards,
/// which change from turn to turn; a card that triggers near the limit can move the start by one window,
/// and back when it stops triggering, but never to a position that is not a window start.
/// </remarks>
public sealed class ContextBuilder(ITokenCounter counter, ContextOptions? options = null)
{
    readonly ContextOptions _options = options ?? ContextOptions.Default;

    /// <summary>The prompt for an adventure's next continuation: its visible, finished blocks.</summary>
    public PromptContext Build(Adventure adventure, int budget)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        var blocks = adventure.VisibleBlocks.Where(b => !b.IsWriting).Select(b => b.Text).ToArray();
        return Build(adventure.Memory, blocks, adventure.StoryCards, adventure.AuthorsNote, budget);
    }

    /// <summary>The prompt for the given parts within <paramref name="budget"/> tokens (model window − tokens to generate).</summary>
    /// <exception cref="ContextTooLongException">Memory, author's note and triggered cards alone exceed the budget.</exception>
    public PromptContext Build(string memory, IReadOnlyList<string> blocks, IReadOnlyList<StoryCard> cards, string authorsNote, int budget)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(cards);
        ArgumentNullException.ThrowIfNull(authorsNote);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);

        var segments = blocks.Select(StoryText.Segment).OfType<string>().ToArray();
        var memoryText = StoryText.Segment(memory) ?? string.Empty;
        var noteText = string.IsNullOrWhiteSpace(authorsNote)
            ? string.Empty
            : StoryText.Segment(string.Format(CultureInfo.InvariantCulture, _options.AuthorsNoteFormat, authorsNote.Trim()))!;
        var triggered = Triggered(cards, segments);
        var section = string.Concat(triggered.Select(c => StoryText.Segment(c.Text))) + noteText;
        CheckFixedParts(memoryText, noteText, section, triggered, budget);

        var tokens = segments.Select(counter.CountTokens).ToArray();
        var tail = new long[segments.Length + 1];
        for (var i = segments.Length - 1; i >= 0; i--)
        {
            tail[i] = tail[i + 1] + tokens[i];
        }

        var storyBudget = budget - counter.CountTokens(memoryText + section);
        var titles = triggered.Select(c => c.Title).ToArray();
        foreach (var start in WindowStarts(tokens, budget - counter.CountTokens(memoryText + noteText)))
        {
            if (tail[start] <= storyBudget && TryAssemble(memoryText, section, segments, start, null, budget, titles) is { } prompt)
            {
                return prompt;
            }
        }

        return NewestThatFit(memoryText, section, segments, tail, storyBudget, budget, titles);
    }

    // Block indices where a window may start: 0, then each block whose preceding tokens cross the next
    // multiple of the step. A prefix of the story always yields the same starts, so growth never moves them.
    static IEnumerable<int> WindowStarts(int[] tokens, int stableBudget)
    {
        var step = Math.Max(1, stableBudget / 2);
        long before = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i == 0 || before / step > (before - tokens[i - 1]) / step)
            {
                yield return i;
            }

            before += tokens[i];
        }
    }

    PromptContext NewestThatFit(string memoryText, string section, string[] segments, long[] tail, int storyBudget, int budget, string[] titles)
    {
        var start = 0;
        while (start < segments.Length && tail[start] > storyBudget)
        {
            start++;
        }

        // The token counts of parts need not add up to the count of the whole (BPE merges across joins),
        // so the assembled prompt is counted again and shortened further while it is over.
        for (; start <= segments.Length; start++)
        {
            var cut = start > 0 ? CutToFit(segments[start - 1], storyBudget - tail[start]) : null;
            if (TryAssemble(memoryText, section, segments, start, cut, budget, titles) is { } prompt)
            {
                return prompt;
            }

            if (cut is not null && TryAssemble(memoryText, section, segments, start, null, budget, titles) is { } whole)
            {
                return whole;
            }
        }

        throw new ContextTooLongException(ContextPart.Memory, "The memory, author's note and story cards do not fit the model's window.");
    }

    // The longest tail of a block's text that fits in the tokens left, or null when none does.
    string? CutToFit(string segment, long tokensLeft)
    {
        if (tokensLeft <= 0)
        {
            return null;
        }

        int low = 0, high = segment.Length;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (counter.CountTokens(segment[mid..]) <= tokensLeft)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        var tailText = segment[low..];
        return tailText.Trim().Length == 0 || counter.CountTokens(tailText) > tokensLeft ? null : tailText;
    }

    PromptContext? TryAssemble(string memoryText, string section, string[] segments, int start, string? cutBlock, int budget, string[] titles)
    {
        var pieces = new List<string>(segments.Length - start + 1);
        if (cutBlock is not null)
        {
            pieces.Add(cutBlock);
        }

        pieces.AddRange(segments.Skip(start));
        var sectionAt = Math.Max(0, pieces.Count - _options.AuthorsNoteDepth);
        var text = new StringBuilder(memoryText);
        for (var i = 0; i < sectionAt; i++)
        {
            text.Append(pieces[i]);
        }

        var offset = text.Length;
        text.Append(section);
        for (var i = sectionAt; i < pieces.Count; i++)
        {
            text.Append(pieces[i]);
        }

        var prompt = text.ToString();
        var count = counter.CountTokens(prompt);
        return count > budget ? null : new PromptContext(prompt, offset, cutBlock is null ? start : start - 1, cutBlock is not null, count, titles);
    }

    StoryCard[] Triggered(IReadOnlyList<StoryCard> cards, string[] segments)
    {
        var recent = string.Concat(segments.Skip(Math.Max(0, segments.Length - _options.CardScanDepth)));
        return cards.Where(c => c.Enabled && !string.IsNullOrWhiteSpace(c.Text) && c.Keys.Any(k => WholeWords.Contains(recent, k))).ToArray();
    }

    void CheckFixedParts(string memoryText, string noteText, string section, StoryCard[] triggered, int budget)
    {
        var memoryTokens = counter.CountTokens(memoryText);
        if (memoryTokens > budget)
        {
            throw new ContextTooLongException(ContextPart.Memory, $"The memory is too long: {memoryTokens} tokens, but the whole prompt may have only {budget}.");
        }

        var withNote = counter.CountTokens(memoryText + noteText);
        if (withNote > budget)
        {
            throw new ContextTooLongException(ContextPart.AuthorsNote, $"The author's note is too long: with the memory it takes {withNote} tokens, but the prompt may have only {budget}.");
        }

        var all = counter.CountTokens(memoryText + section);
        if (all > budget)
        {
            var names = string.Join(", ", triggered.Select(c => $"\"{c.Title}\""));
            throw new ContextTooLongException(ContextPart.StoryCards, $"The triggered story cards ({names}) are too long: with the memory and author's note they take {all} tokens, but the prompt may have only {budget}.");
        }
    }
}
