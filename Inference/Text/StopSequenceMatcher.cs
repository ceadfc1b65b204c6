namespace AdventureServer.Inference.Text;

/// <summary>
/// Withholds stop sequences from streamed text. Fed text deltas, it returns what may be shown now:
/// text that could still be the start of a stop sequence waits until the next delta settles it, and
/// once a stop sequence completes, only the text before it is returned and the generation should end.
/// </summary>
public sealed class StopSequenceMatcher
{
    readonly string[] _stops;
    string _held = "";

    /// <param name="stopSequences">The stop texts; empty ones are ignored.</param>
    public StopSequenceMatcher(IEnumerable<string> stopSequences)
    {
        _stops = [.. stopSequences.Where(stop => stop.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>True once a stop sequence has been written; nothing more is returned after that.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Adds a delta; returns the text that can no longer turn into a stop sequence.</summary>
    public string Push(string delta)
    {
        if (Stopped)
            return "";
        var text = _held + delta;
        if (_stops.Length == 0)
        {
            _held = "";
            return text;
        }

        var stopAt = _stops.Select(stop => text.IndexOf(stop, StringComparison.Ordinal)).Where(at => at >= 0).DefaultIfEmpty(-1).Min();
        if (stopAt >= 0)
        {
            Stopped = true;
            _held = "";
            return text[..stopAt];
        }

        var holdFrom = text.Length - LongestStopPrefixAtEnd(text);
        _held = text[holdFrom..];
        return text[..holdFrom];
    }

    /// <summary>Ends the text: what was held back was not a stop sequence after all.</summary>
    public string Flush()
    {
        var rest = Stopped ? "" : _held;
        _held = "";
        return rest;
    }

    // The longest tail of text that is a proper prefix of some stop sequence (and so might still become one).
    int LongestStopPrefixAtEnd(string text)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, text.Length); length > longest; length--)
            {
                if (text.AsSpan(text.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
