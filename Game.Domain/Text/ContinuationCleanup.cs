namespace AdventureServer.Game.Text;

/// <summary>
/// Cleans the model's output before it becomes part of the story: cut where the model writes a player
/// action (a line starting with <c>&gt;</c>, spaces before it allowed, the continuation's first line
/// included, since the game's prompt ends with a line break), at end-of-text and at any stop sequence; drop
/// a cut-off trailing sentence (unless the text has no sentence end at all, then it is kept whole); trim
/// trailing whitespace. <see cref="ContinuationStart"/> keeps the first line from being an action, so the
/// cut never empties a turn.
/// </summary>
public static class ContinuationCleanup
{
    /// <summary>GPT-2's end-of-text marker.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Where the model starts writing the next player action.</summary>
    public const string NextAction = "\n>";

    const string ClosingQuotes = "\"'”’)";

    /// <summary>The cleaned continuation.</summary>
    public static string Clean(string text, IReadOnlyList<string>? stopSequences = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = CutAtFirstStop(text, stopSequences ?? []);
        return TrimCutOffSentence(cut).TrimEnd();
    }

    /// <summary>The text up to (not including) the first action line, end-of-text or stop sequence.</summary>
    public static string CutAtFirstStop(string text, IReadOnlyList<string> stopSequences)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stopSequences);
        var end = ActionLineStart(text, startsLine: true) ?? text.Length;
        foreach (var stop in stopSequences.Append(NextAction).Append(EndOfText))
        {
            if (stop.Length == 0)
            {
                continue;
            }

            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        return text[..end];
    }

    /// <summary>
    /// Whether <paramref name="text"/> holds a line that starts (after spaces) with <c>&gt;</c>; its first line
    /// counts only when <paramref name="startsLine"/> (the text before it ended with a line break).
    /// </summary>
    public static bool HasActionLine(string text, bool startsLine)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ActionLineStart(text, startsLine) is not null;
    }

    // Where the cut for the first action line goes: the line break before it, or 0 for the first line.
    static int? ActionLineStart(string text, bool startsLine)
    {
        var start = 0;
        if (!startsLine)
        {
            var first = text.IndexOf('\n', StringComparison.Ordinal);
            if (first < 0)
            {
                return null;
            }

            start = first + 1;
        }

        while (true)
        {
            var i = start;
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length && text[i] == '>')
            {
                return start == 0 ? 0 : start - 1;
            }

            var next = text.IndexOf('\n', start);
            if (next < 0)
            {
                return null;
            }

            start = next + 1;
        }
    }

    /// <summary>Drops the text after the last sentence end (. ! ? …, with any closing quotes after it).</summary>
    public static string TrimCutOffSentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimEnd();
        var last = trimmed.LastIndexOfAny(['.', '!', '?', '…']);
        if (last < 0)
        {
            return trimmed;
        }

        var end = last + 1;
        while (end < trimmed.Length && ClosingQuotes.Contains(trimmed[end], StringComparison.Ordinal))
        {
            end++;
        }

        return trimmed[..end];
    }
}
