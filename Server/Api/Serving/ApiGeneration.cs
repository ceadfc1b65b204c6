using AdventureServer.Inference.Serving;

namespace AdventureServer.Server.Api.Serving;

/// <summary>A generation the worker accepted for an API caller.</summary>
/// <param name="Stream">Its deltas and result.</param>
/// <param name="PromptTokens">The prompt's tokens as submitted (after any truncation).</param>
public sealed record ApiGeneration(GenerationStream Stream, int PromptTokens);
