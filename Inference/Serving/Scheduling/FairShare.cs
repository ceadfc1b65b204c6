namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>
/// The order waiting requests are admitted in: highest priority first, then round-robin across keys (the key
/// served longest ago goes next, so one adventure cannot fill every row while others wait), then in arrival
/// order. It remembers when each key was last served; once nobody waits, nobody is owed a turn and it forgets.
/// </summary>
internal sealed class FairShare
{
    readonly Dictionary<string, long> _lastServed = new(StringComparer.Ordinal);
    long _served;

    /// <summary>Takes the request to admit next out of <paramref name="waiting"/> (not empty) and counts its key as served.</summary>
    public WaitingRequest TakeNext(List<WaitingRequest> waiting)
    {
        var best = 0;
        for (var i = 1; i < waiting.Count; i++)
            if (Before(waiting[i], waiting[best]))
                best = i;
        var next = waiting[best];
        waiting.RemoveAt(best);
        _lastServed[next.Key] = ++_served;
        if (waiting.Count == 0)
            _lastServed.Clear(); // keeps the table small
        return next;
    }

    bool Before(WaitingRequest a, WaitingRequest b)
    {
        if (a.Priority != b.Priority)
            return a.Priority > b.Priority;
        var servedA = _lastServed.GetValueOrDefault(a.Key);
        var servedB = _lastServed.GetValueOrDefault(b.Key);
        if (servedA != servedB)
            return servedA < servedB;
        return a.Id < b.Id;
    }
}
