namespace AdventureServer.Server.Workers;

/// <summary>A worker's report to the cluster: its load, and what it serves.</summary>
/// <param name="Load">Queue, rows, KV-cache use and tokens/s.</param>
/// <param name="ModelName">The model it serves.</param>
/// <param name="ContextWindow">The model's context window, for the front-ends' prompt budgets.</param>
/// <param name="Draining">The worker is stopping: it finishes its turns but should be sent no new ones.</param>
public sealed record WorkerReport(WorkerLoad Load, string ModelName, int ContextWindow, bool Draining = false);
