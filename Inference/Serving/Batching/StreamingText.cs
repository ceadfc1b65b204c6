namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Turns a sequence's new tokens into text deltas: never half a character (a byte-level token may end
/// inside one), and never a stop sequence or the start of one that may still complete.
/// </summary>
internal sealed class StreamingText(ITokenCodec codec, IReadOnlyList<string> stopSequences)
{
    // A UTF-8 character spans at most 4 byte tokens; past that the replacement character is real output.
    const int MaxHeldTokens = 4;

    readonly List<int> _pending = [];
    readonly string[] _stops = stopSequences.Where(s => s.Length > 0).ToArray();
    string _held = "";

    /// <summary>True once a stop sequence was written; everything from it on is dropped.</summary>
    public bool Stopped { get; private set; }

    /// <summary>The text that may be shown after <paramref name="token"/>, possibly empty.</summary>
    public string Push(int token)
    {
        if (Stopped)
            return "";
        _pending.Add(token);
        var text = codec.Decode(_pending);
        if (text.EndsWith('\uFFFD') && _pending.Count < MaxHeldTokens)
            return "";
        _pending.Clear();
        return Filter(text);
    }

    /// <summary>What is still held back, at the end of the generation.</summary>
    public string Flush()
    {
        if (Stopped)
            return "";
        var text = _pending.Count > 0 ? codec.Decode(_pending) : "";
        _pending.Clear();
        text = Filter(text);
        var rest = _held + text;
        _held = "";
        return rest;
    }

    string Filter(string text)
    {
        if (_stops.Length == 0)
            return text;
        var buffer = _held + text;
        var stopAt = _stops.Select(s => buffer.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
        if (stopAt >= 0)
        {
            Stopped = true;
            _held = "";
            return buffer[..stopAt];
        }
        // Hold back the longest tail that a stop sequence could still start with.
        var hold = 0;
        foreach (var stop in _stops)
            for (var length = Math.Min(stop.Length - 1, buffer.Length); length > hold; length--)
                if (buffer.AsSpan(buffer.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    hold = length;
                    break;
                }
        _held = buffer[^hold..];
        return buffer[..^hold];
    }
}
