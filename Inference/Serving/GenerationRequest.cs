using AdventureServer.Inference.Sampling;

namespace AdventureServer.Inference.Serving;

/// <summary>One generation asked of the worker.</summary>
public sealed record GenerationRequest
{
    /// <summary>The prompt as text; ignored when <see cref="PromptTokens"/> is given.</summary>
    public string? PromptText { get; init; }

    /// <summary>The prompt as token ids.</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    public SamplingSettings Sampling { get; init; } = SamplingSettings.Greedy;

    /// <summary>Text that ends the generation; the stop text itself is never emitted.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    public int MaxNewTokens { get; init; } = 64;

    /// <summary>What the request belongs to (an adventure, an API key): fairness and prefix-cache key.</summary>
    public string Key { get; init; } = "";

    /// <summary>Higher goes first among waiting requests.</summary>
    public int Priority { get; init; }

    /// <summary>
    /// When above 0, each generated token comes with its log-probability and this many of the likeliest tokens at its
    /// position (<see cref="GenerationStream.LogProbs"/>, <see cref="GenerationResult.LogProbs"/>); 0 computes none.
    /// </summary>
    public int LogProbs { get; init; }

    /// <summary>
    /// Token ids the first generated token may not be (its logits are set to −∞ for that choice only); later tokens may
    /// be any. The game bans what would open an action line, so a continuation always begins with narration.
    /// Null or empty bans nothing.
    /// </summary>
    public IReadOnlySet<int>? BannedFirstTokens { get; init; }
}
