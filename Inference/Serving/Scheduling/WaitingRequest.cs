namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>A request waiting for a row, as the <see cref="Scheduler"/> sees it.</summary>
/// <param name="Id">The request's arrival number: unique, and lower for earlier arrivals.</param>
/// <param name="Key">What it belongs to (an adventure, an API key): fairness and prefix-cache key; empty for none.</param>
/// <param name="Priority">Higher goes first.</param>
/// <param name="Prompt">Its prompt's token ids.</param>
internal sealed record WaitingRequest(long Id, string Key, int Priority, IReadOnlyList<int> Prompt);
