namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>The part of a request's prompt the step prefills: <paramref name="Count"/> tokens from <paramref name="Offset"/> on.</summary>
/// <param name="Id">The request.</param>
/// <param name="Offset">The first prompt position it writes.</param>
/// <param name="Count">Tokens it prefills.</param>
/// <param name="Completes">It ends the prompt, so the step chooses the request's first token.</param>
internal sealed record PlannedChunk(long Id, int Offset, int Count, bool Completes);
