using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Generation;

/// <summary>How one single-sequence generation went.</summary>
/// <param name="FinishReason">Why it ended.</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CompletionTokens">Tokens generated (end-of-text not counted).</param>
/// <param name="Tokens">The generated token ids.</param>
/// <param name="Text">The text shown: every delta together, stop sequence withheld.</param>
/// <param name="Seed">The sampler's seed, to replay the generation.</param>
/// <param name="Prefill">The prompt's forward pass and the first token's choice.</param>
/// <param name="Decode">All later steps together.</param>
/// <param name="DecodeSteps">Forward passes after the prefill.</param>
public sealed record GenerationSummary(
    FinishReason FinishReason,
    int PromptTokens,
    int CompletionTokens,
    IReadOnlyList<int> Tokens,
    string Text,
    long Seed,
    TimeSpan Prefill,
    TimeSpan Decode,
    int DecodeSteps)
{
    /// <summary>Mean time of one decode step, in milliseconds.</summary>
    public double MillisecondsPerDecodeStep => DecodeSteps == 0 ? 0 : Decode.TotalMilliseconds / DecodeSteps;
}
