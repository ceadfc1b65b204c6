using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Api.Serving;

/// <summary>A generation the worker accepted for an API caller.</summary>
/// <param name="Stream">Its deltas and result.</param>
/// <param name="Prompt">The prompt's tokens as submitted (after any truncation).</param>
/// <param name="DroppedPromptTokens">Tokens cut from the prompt's start to make it fit.</param>
public sealed record ApiGeneration(GenerationStream Stream, IReadOnlyList<int> Prompt, int DroppedPromptTokens)
{
    /// <summary>The prompt's length in tokens as submitted.</summary>
    public int PromptTokens => Prompt.Count;
}
