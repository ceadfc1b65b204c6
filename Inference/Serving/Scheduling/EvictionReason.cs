namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>Why a cached prefix leaves the pool.</summary>
internal enum EvictionReason
{
    /// <summary>
    /// A request was admitted and no row was free: the least recently kept prefix gives up its row. Live
    /// requests are never preempted: each holds a whole row, sized for the context window, from admission on.
    /// </summary>
    RowNeeded,
}
