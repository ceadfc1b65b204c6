namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>A finished request's row kept for the next request of its key: the story so far.</summary>
/// <param name="Key">The key it was kept for.</param>
/// <param name="Row">The row holding it.</param>
/// <param name="Tokens">The tokens whose keys and values the row holds, in order.</param>
/// <param name="LastUsed">When it was kept, on the engine's own counter (higher is more recent).</param>
internal sealed record CachedPrefix(string Key, int Row, IReadOnlyList<int> Tokens, long LastUsed)
{
    /// <summary>How many leading tokens of <paramref name="prompt"/> this prefix holds already.</summary>
    public int CommonPrefixLength(IReadOnlyList<int> prompt)
    {
        var limit = Math.Min(prompt.Count, Tokens.Count);
        var length = 0;
        while (length < limit && prompt[length] == Tokens[length])
            length++;
        return length;
    }
}
