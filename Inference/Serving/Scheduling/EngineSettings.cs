namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>The batching engine's sizes and scheduling, from <see cref="InferenceOptions"/> after checks.</summary>
/// <param name="Slots">Sequences held at once (rows of the KV-cache pool).</param>
/// <param name="Capacity">Positions per row.</param>
/// <param name="ChunkTokens">Prompt tokens a step prefills of one prompt at most.</param>
/// <param name="StepTokenBudget">Tokens a step carries at most while sequences decode (0: no limit).</param>
/// <param name="MinChunkTokens">The smallest prompt chunk a step carries.</param>
/// <param name="MaxPrefillTokens">Prompt tokens a step prefills at most, across prompts, without a budget.</param>
/// <param name="PadDecodeSteps">Run decode steps at bucket shapes even without graphs.</param>
/// <param name="BatchInvariant">Every product of a bfloat16 step on the CPU is the kernel's, so a row's bits do not depend on what shares its step (<see cref="InferenceOptions.BatchInvariant"/>).</param>
internal sealed record EngineSettings(int Slots, int Capacity, int ChunkTokens, int StepTokenBudget, int MinChunkTokens, int MaxPrefillTokens, bool PadDecodeSteps,
    bool BatchInvariant = true)
{
    /// <summary>
    /// Prompt tokens a step may prefill with <paramref name="decoding"/> sequences decoding: with a budget, what
    /// the decoding rows leave of it (at least <see cref="MinChunkTokens"/>), or one chunk when nobody decodes;
    /// without one, up to <see cref="MaxPrefillTokens"/> across several prompts.
    /// </summary>
    public int PrefillRoom(int decoding) =>
        StepTokenBudget <= 0 ? MaxPrefillTokens
        : decoding > 0 ? Math.Max(MinChunkTokens, StepTokenBudget - decoding)
        : ChunkTokens;

    /// <summary>
    /// How many of a prompt's <paramref name="remaining"/> tokens to prefill in a step with
    /// <paramref name="room"/> for them. Under a budget the prompt is cut into equal chunks, as few as the room
    /// allows (128 tokens with room for 31 go 26, 26, 26, 25, 25 rather than 31, 31, 31, 31, 4): the same number of
    /// steps, and none longer than it needs to be for the players reading meanwhile.
    /// </summary>
    public int ChunkFor(int remaining, int room)
    {
        var most = Math.Min(Math.Min(remaining, ChunkTokens), room);
        if (StepTokenBudget <= 0 || most <= 0)
            return most;
        var steps = (remaining + most - 1) / most;
        return (remaining + steps - 1) / steps;
    }
}
