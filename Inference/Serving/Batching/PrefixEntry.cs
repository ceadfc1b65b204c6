namespace AdventureServer.Inference.Serving.Batching;

/// <summary>A finished sequence's row kept for the next request of the same key (the story so far).</summary>
internal sealed class PrefixEntry(string key, int[] tokens, long lastUsed) : RowOccupant
{
    public string Key { get; } = key;

    /// <summary>The tokens whose keys and values the row holds, in order.</summary>
    public int[] Tokens { get; } = tokens;

    /// <summary>When it was last written, for least-recently-used eviction.</summary>
    public long LastUsed { get; } = lastUsed;

    public override int CachedLength => Tokens.Length;

    /// <summary>The entry as the scheduler sees it.</summary>
    public Scheduling.CachedPrefix ToCached() => new(Key, Row, Tokens, LastUsed);
}
