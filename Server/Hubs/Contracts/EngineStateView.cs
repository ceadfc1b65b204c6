namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>The story engine's live state, for the game masters' dashboard.</summary>
/// <param name="ModelName">The served model.</param>
/// <param name="QueueLength">Requests waiting for a slot.</param>
/// <param name="BatchSize">Sequences decoded in the last step.</param>
/// <param name="PrefillingSequences">Admitted sequences whose prompt is still being read.</param>
/// <param name="TokensPerSecond">Tokens generated per second, recently.</param>
/// <param name="TimeToFirstTokenP50Ms">Median time to first token of recent requests, in milliseconds.</param>
/// <param name="CacheUse">Fraction of the KV cache in use, 0..1.</param>
/// <param name="PromptTokensPrefilled">Prompt tokens run through the model since start.</param>
/// <param name="PromptTokensReused">Prompt tokens reused from the prefix cache since start.</param>
/// <param name="Steps">Engine steps since start.</param>
/// <param name="LiveContinuations">Continuations being streamed to players now.</param>
public sealed record EngineStateView(
    string ModelName,
    int QueueLength,
    int BatchSize,
    int PrefillingSequences,
    double TokensPerSecond,
    double TimeToFirstTokenP50Ms,
    double CacheUse,
    long PromptTokensPrefilled,
    long PromptTokensReused,
    long Steps,
    int LiveContinuations);
