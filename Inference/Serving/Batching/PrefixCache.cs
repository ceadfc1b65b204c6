namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Finished sequences' rows, one per key, least recently used first out: a story's next turn starts
/// with the story so far, whose keys and values are then still in the pool.
/// </summary>
internal sealed class PrefixCache
{
    readonly Dictionary<string, PrefixEntry> _byKey = new(StringComparer.Ordinal);

    public int Count => _byKey.Count;

    public IEnumerable<PrefixEntry> Entries => _byKey.Values;

    /// <summary>Keeps <paramref name="entry"/>; returns the entry of the same key it replaces, whose row is then free.</summary>
    public PrefixEntry? Add(PrefixEntry entry)
    {
        _byKey.Remove(entry.Key, out var replaced);
        _byKey[entry.Key] = entry;
        return replaced;
    }

    /// <summary>
    /// Takes the entry of <paramref name="key"/> out when it holds a prefix of <paramref name="prompt"/>;
    /// at least the prompt's last token is left to prefill, because its logits choose the first new token.
    /// </summary>
    public (PrefixEntry? Entry, int Reused) Take(string key, IReadOnlyList<int> prompt)
    {
        if (!_byKey.TryGetValue(key, out var entry))
            return (null, 0);
        var reused = Math.Min(entry.CommonPrefixLength(prompt), prompt.Count - 1);
        if (reused <= 0)
            return (null, 0);
        _byKey.Remove(key);
        return (entry, reused);
    }

    /// <summary>Removes and returns the least recently used entry, or null when there is none.</summary>
    public PrefixEntry? EvictLeastRecentlyUsed()
    {
        var oldest = _byKey.Values.MinBy(e => e.LastUsed);
        if (oldest is not null)
            _byKey.Remove(oldest.Key);
        return oldest;
    }
}
