namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Requests waiting for a row, bounded. Callers add from any thread; the device thread reads a snapshot each step,
/// and takes out the ones the <see cref="Scheduling.Scheduler"/> admitted (which goes first is the scheduler's choice,
/// by <see cref="Scheduling.FairShare"/>).
/// </summary>
internal sealed class WaitingQueue(int capacity)
{
    readonly Lock _gate = new();
    readonly List<Sequence> _items = [];

    public int Count
    {
        get
        {
            lock (_gate)
                return _items.Count;
        }
    }

    /// <summary>Adds <paramref name="sequence"/> unless the queue is full.</summary>
    public bool TryAdd(Sequence sequence)
    {
        lock (_gate)
        {
            if (_items.Count >= capacity)
                return false;
            _items.Add(sequence);
            return true;
        }
    }

    /// <summary>The sequences waiting now, in arrival order.</summary>
    public List<Sequence> Snapshot()
    {
        lock (_gate)
            return [.. _items];
    }

    /// <summary>Takes out <paramref name="sequences"/> (admitted, or refused).</summary>
    public void Remove(IReadOnlyCollection<Sequence> sequences)
    {
        if (sequences.Count == 0)
            return;
        var set = sequences.ToHashSet();
        lock (_gate)
            _items.RemoveAll(set.Contains);
    }

    /// <summary>Takes out the waiting sequences whose callers cancelled.</summary>
    public List<Sequence> TakeCancelled()
    {
        lock (_gate)
        {
            var cancelled = _items.Where(s => s.CancelRequested).ToList();
            if (cancelled.Count > 0)
                _items.RemoveAll(s => s.CancelRequested);
            return cancelled;
        }
    }

    /// <summary>Takes out everything (at shutdown).</summary>
    public List<Sequence> TakeAll()
    {
        lock (_gate)
        {
            var all = _items.ToList();
            _items.Clear();
            return all;
        }
    }
}
