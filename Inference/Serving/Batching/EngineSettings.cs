namespace AdventureServer.Inference.Serving.Batching;

/// <summary>The batching engine's sizes and scheduling, from <see cref="InferenceOptions"/> after checks.</summary>
/// <param name="Slots">Sequences held at once (rows of the KV-cache pool).</param>
/// <param name="Capacity">Positions per row.</param>
/// <param name="ChunkTokens">Prompt tokens a step prefills at most.</param>
/// <param name="StepTokenBudget">Tokens a step carries at most while sequences decode (0: no limit).</param>
/// <param name="MinChunkTokens">The smallest prompt chunk a step carries.</param>
/// <param name="PadDecodeSteps">Run decode steps at bucket shapes even without graphs.</param>
internal sealed record EngineSettings(int Slots, int Capacity, int ChunkTokens, int StepTokenBudget, int MinChunkTokens, bool PadDecodeSteps)
{
    /// <summary>The prompt chunk to prefill next for a sequence with <paramref name="left"/> prompt tokens to go.</summary>
    public int ChunkFor(int left, int decoding)
    {
        var chunk = ChunkTokens;
        if (decoding > 0 && StepTokenBudget > 0)
            chunk = Math.Min(chunk, Math.Max(MinChunkTokens, StepTokenBudget - decoding));
        return Math.Min(chunk, left);
    }
}
