namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Finished sequences' rows, one per key: a story's next turn starts with the story so far, whose keys and values
/// are then still in the pool. Which entry a request reuses and which one is evicted is the
/// <see cref="Scheduling.Scheduler"/>'s choice; this is the engine's record of what is kept.
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

    /// <summary>Forgets the entry of <paramref name="key"/> (reused by a request of its key, or evicted).</summary>
    public void Remove(string key) => _byKey.Remove(key);
}
