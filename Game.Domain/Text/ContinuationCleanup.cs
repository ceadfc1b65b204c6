namespace AdventureServer.Game.Text;

/// <summary>
/// Cleans the model's output before it becomes part of the story: cut where the model starts the next
/// player action (<c>\n&gt;</c>), at end-of-text and at any stop sequence; drop a cut-off trailing
/// sentence (unless the text has no sentence end at all, then it is kept whole); trim trailing whitespace.
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

    /// <summary>The text up to (not including) the first of <c>\n&gt;</c>, end-of-text or a stop sequence.</summary>
    public static string CutAtFirstStop(string text, IReadOnlyList<string> stopSequences)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stopSequences);
        var end = text.Length;
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
