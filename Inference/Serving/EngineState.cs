namespace AdventureServer.Inference.Serving;

/// <summary>A snapshot of the worker for the game master's dashboard.</summary>
/// <param name="QueueLength">Requests waiting for a slot.</param>
/// <param name="BatchSize">Sequences decoded in the last step.</param>
/// <param name="PrefillingSequences">Sequences admitted whose prompt is still being prefilled.</param>
/// <param name="TokensPerSecond">Tokens generated per second over the last few seconds.</param>
/// <param name="TimeToFirstTokenP50Ms">Median time to first token of the recent requests (ms), 0 before any.</param>
/// <param name="CacheUsedPositions">KV-cache positions held by live and prefix-cached sequences.</param>
/// <param name="CacheCapacityPositions">KV-cache positions in the pool (slots × context).</param>
/// <param name="PromptTokensPrefilled">Prompt tokens run through the model since start.</param>
/// <param name="PromptTokensReused">Prompt tokens taken from the prefix cache instead of prefilled.</param>
/// <param name="Steps">Steps run since start.</param>
public sealed record EngineState(
    int QueueLength,
    int BatchSize,
    int PrefillingSequences,
    double TokensPerSecond,
    double TimeToFirstTokenP50Ms,
    long CacheUsedPositions,
    long CacheCapacityPositions,
    long PromptTokensPrefilled,
    long PromptTokensReused,
    long Steps)
{
    /// <summary>Fraction of the KV-cache pool in use, 0..1.</summary>
    public double CacheUse => CacheCapacityPositions == 0 ? 0 : (double)CacheUsedPositions / CacheCapacityPositions;
}
