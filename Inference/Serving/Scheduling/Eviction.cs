namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>A cached prefix the step drops, and why.</summary>
/// <param name="Key">The key it was kept for.</param>
/// <param name="Row">The row it frees.</param>
/// <param name="Reason">Why.</param>
internal sealed record Eviction(string Key, int Row, EvictionReason Reason);
