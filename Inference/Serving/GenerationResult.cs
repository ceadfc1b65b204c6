namespace AdventureServer.Inference.Serving;

/// <summary>How a generation ended, with its counts and timings.</summary>
public sealed record GenerationResult(
    FinishReason FinishReason,
    int PromptTokens,
    int CompletionTokens,
    TimeSpan QueueTime,
    TimeSpan TimeToFirstToken,
    TimeSpan TotalTime,
    string? Error = null);
