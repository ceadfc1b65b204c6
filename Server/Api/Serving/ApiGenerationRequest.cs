using AdventureServer.Inference.Sampling;

namespace AdventureServer.Server.Api.Serving;

/// <summary>A generation as either dialect asks for it, after its parameters were checked.</summary>
public sealed record ApiGenerationRequest
{
    /// <summary>The prompt as text; ignored when <see cref="PromptTokens"/> is given.</summary>
    public string? PromptText { get; init; }

    /// <summary>The prompt as token ids (OpenAI allows them).</summary>
    public IReadOnlyList<int>? PromptTokens { get; init; }

    public required int MaxNewTokens { get; init; }

    public SamplingSettings Sampling { get; init; } = new();

    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>
    /// Keep only the prompt's last this many tokens (KoboldAI's <c>max_context_length</c> less <c>max_length</c>);
    /// null refuses a prompt longer than the model's window instead.
    /// </summary>
    public int? KeepLastPromptTokens { get; init; }

    /// <summary>How many of the likeliest tokens to report with each generated one's log-probability; null for none.</summary>
    public int? LogProbs { get; init; }

    /// <summary>What the dialect changed to make the request fit (KoboldCpp's leniency), for the answer's metadata.</summary>
    public IReadOnlyList<string> Adjustments { get; init; } = [];
}
