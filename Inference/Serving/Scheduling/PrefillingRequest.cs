namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>An admitted request whose prompt is not yet all in the cache.</summary>
/// <param name="Id">The request's arrival number.</param>
/// <param name="PromptLength">Tokens in its prompt.</param>
/// <param name="CachedLength">Prompt tokens already cached (prefilled or reused).</param>
internal sealed record PrefillingRequest(long Id, int PromptLength, int CachedLength);
