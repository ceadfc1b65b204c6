namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>
/// The engine's state at the start of a step, as plain values: what the <see cref="Scheduler"/> plans from.
/// Every row of the pool is either free, decoding, prefilling, or holding a cached prefix.
/// </summary>
/// <param name="Waiting">Requests waiting for a row, in any order (the scheduler orders them).</param>
/// <param name="Decoding">The decoding requests' ids, in row order (they hold rows 0..D−1).</param>
/// <param name="Prefilling">The admitted requests still prefilling, in admission order.</param>
/// <param name="Prefixes">The rows kept as cached prefixes, at most one per key.</param>
/// <param name="FreeRows">The rows nobody holds.</param>
internal sealed record SchedulerState(
    IReadOnlyList<WaitingRequest> Waiting,
    IReadOnlyList<long> Decoding,
    IReadOnlyList<PrefillingRequest> Prefilling,
    IReadOnlyList<CachedPrefix> Prefixes,
    IReadOnlyList<int> FreeRows);
