namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The shapes a decode step runs at. A captured CUDA graph replays one fixed shape, so with buckets the live
/// batch is padded up to the next of 1, 2, 4, … (at most the slots) and the attended length up to the next
/// of 256, 512, 1024, … (at most the capacity); a handful of graphs then serve every step. Without buckets
/// (the eager path) a step runs at exactly the batch and length it needs.
/// </summary>
internal sealed class DecodeBuckets(int slots, int capacity, bool padded)
{
    const int ShortestLength = 256;

    public bool Padded => padded;

    /// <summary>The shape to run a step of <paramref name="batch"/> rows attending <paramref name="length"/> positions at.</summary>
    public (int Batch, int Length) For(int batch, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, slots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, capacity);
        return padded ? (Math.Min(slots, NextPowerOfTwo(batch, 1)), Math.Min(capacity, NextPowerOfTwo(length, ShortestLength))) : (batch, length);
    }

    static int NextPowerOfTwo(int value, int smallest)
    {
        var bucket = smallest;
        while (bucket < value)
            bucket *= 2;
        return bucket;
    }
}
