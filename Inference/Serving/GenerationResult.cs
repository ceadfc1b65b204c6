namespace AdventureServer.Inference.Serving;

/// <summary>How a generation ended, with its counts and timings.</summary>
public sealed record GenerationResult(
    FinishReason FinishReason,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan QueueTime,
    TimeSpan TimeToFirstToken,
    TimeSpan TotalTime,
    string? Error = null)
{
    /// <summary>The generated token ids, in order (end-of-text, which ends a generation, is not one of them).</summary>
    public IReadOnlyList<int> TokenIds { get; init; } = [];

    /// <summary>Prompt tokens whose keys and values came from the prefix cache rather than a prefill.</summary>
    public int PromptTokensReused { get; init; }

    /// <summary>Each generated token's log-probabilities, in order, when the request asked for them (<see cref="GenerationRequest.LogProbs"/>).</summary>
    public IReadOnlyList<Sampling.TokenLogProbs> LogProbs { get; init; } = [];

    /// <summary>
    /// The seed of the generation's draws: the request's, or the one drawn for it when it gave none. A request with
    /// this seed and otherwise the same settings and prompt draws the same tokens again, whatever batch it runs in
    /// (exactly in float32; see the README for bfloat16).
    /// </summary>
    public long Seed { get; init; }

    /// <summary>The model that generated the text (set by <see cref="ModelHost"/>).</summary>
    public string? ModelName { get; init; }
}
