namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Requests waiting for a slot, bounded. Taken highest priority first, then round-robin across keys (the
/// key served longest ago goes next, so one adventure cannot fill every slot while others wait), then
/// in arrival order. Callers add from any thread; the device thread takes.
/// </summary>
internal sealed class WaitingQueue(int capacity)
{
    readonly Lock _gate = new();
    readonly List<Sequence> _items = [];
    readonly Dictionary<string, long> _lastServed = new(StringComparer.Ordinal);
    long _served;

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

    /// <summary>The next sequence to admit, or null when none waits.</summary>
    public Sequence? TryTake()
    {
        lock (_gate)
        {
            if (_items.Count == 0)
                return null;
            var best = 0;
            for (var i = 1; i < _items.Count; i++)
                if (Before(_items[i], _items[best]))
                    best = i;
            var next = _items[best];
            _items.RemoveAt(best);
            _lastServed[next.Request.Key] = ++_served;
            if (_items.Count == 0)
                _lastServed.Clear(); // nobody waits, so nobody is owed a turn; keeps the table small
            return next;
        }
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

    bool Before(Sequence a, Sequence b)
    {
        if (a.Request.Priority != b.Request.Priority)
            return a.Request.Priority > b.Request.Priority;
        var servedA = _lastServed.GetValueOrDefault(a.Request.Key);
        var servedB = _lastServed.GetValueOrDefault(b.Request.Key);
        if (servedA != servedB)
            return servedA < servedB;
        return a.Order < b.Order;
    }
}
