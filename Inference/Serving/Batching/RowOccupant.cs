namespace AdventureServer.Inference.Serving.Batching;

/// <summary>Whatever holds a row of the KV-cache pool: a live sequence or a finished one kept as a prefix.</summary>
internal abstract class RowOccupant
{
    /// <summary>The pool row, or −1 when none.</summary>
    public int Row { get; set; } = -1;

    /// <summary>Positions of the row that hold this occupant's keys and values.</summary>
    public abstract int CachedLength { get; }
}
