using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Workers;

/// <summary>
/// A <see cref="GenerationRequest"/> as it travels from a front-end to a worker (plain arrays, so it is carried as JSON
/// exactly). <see cref="Model"/>, when set, is the model the turn must be written by (a failover resumes a turn only on
/// the model that began it): a worker serving another model takes nothing and says which it serves.
/// </summary>
public sealed record WorkerRequest(
    string? PromptText,
    int[]? PromptTokens,
    SamplingSettings Sampling,
    string[] StopSequences,
    int MaxNewTokens,
    string Key,
    int Priority,
    int[]? BannedFirstTokens,
    string? Model = null)
{
    /// <summary>The request to send (log-probabilities are not carried to workers).</summary>
    public static WorkerRequest From(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.PromptText, request.PromptTokens?.ToArray(), request.Sampling, [.. request.StopSequences],
            request.MaxNewTokens, request.Key, request.Priority, request.BannedFirstTokens?.ToArray());
    }

    /// <summary>The request as the worker's engine takes it.</summary>
    public GenerationRequest ToGeneration() => new()
    {
        PromptText = PromptText,
        PromptTokens = PromptTokens,
        Sampling = Sampling,
        StopSequences = StopSequences,
        MaxNewTokens = MaxNewTokens,
        Key = Key,
        Priority = Priority,
        BannedFirstTokens = BannedFirstTokens?.ToHashSet(),
    };
}

/// <summary>
/// One item of a worker's stream: first the model that writes the turn (<see cref="Model"/>; the only item when the
/// request asked for another model), then text deltas, then (last) the generation's result.
/// </summary>
public sealed record WorkerEvent(string? Delta, GenerationResult? Result, string? Model = null);
