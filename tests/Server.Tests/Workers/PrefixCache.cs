namespace AdventureServer.Server.Tests.Workers;

/// <summary>
/// Which stories' prefixes each simulated worker still holds in its KV cache: least recently used first out, at most
/// a fixed number of stories a worker. One intrusive list per worker over arrays indexed by story, so a turn costs O(1).
/// </summary>
/// <remarks>
/// A story is tracked on the worker of its latest turn only: a prefix it left behind on another worker is forgotten.
/// That undercounts hits where a story returns to an earlier worker, so the rate is a lower bound.
/// </remarks>
public sealed class PrefixCache
{
    readonly int _capacity;
    readonly int[] _owner, _previous, _next;
    readonly int[] _head, _tail, _count;

    public PrefixCache(int stories, int workers, int capacity)
    {
        _capacity = capacity;
        _owner = new int[stories];
        _previous = new int[stories];
        _next = new int[stories];
        Array.Fill(_owner, -1);
        _head = new int[workers];
        _tail = new int[workers];
        _count = new int[workers];
        Array.Fill(_head, -1);
        Array.Fill(_tail, -1);
    }

    /// <summary>Runs a turn of the story on the worker: whether its prefix was cached there; it is the most recent after.</summary>
    public bool Touch(int story, int worker)
    {
        var hit = _owner[story] == worker;
        if (_owner[story] >= 0)
            Unlink(story);
        _owner[story] = worker;
        _previous[story] = -1;
        _next[story] = _head[worker];
        if (_head[worker] >= 0)
            _previous[_head[worker]] = story;
        _head[worker] = story;
        if (_tail[worker] < 0)
            _tail[worker] = story;
        if (++_count[worker] > _capacity)
            Unlink(_tail[worker]);
        return hit;
    }

    void Unlink(int story)
    {
        var worker = _owner[story];
        var (previous, next) = (_previous[story], _next[story]);
        if (previous >= 0)
            _next[previous] = next;
        else
            _head[worker] = next;
        if (next >= 0)
            _previous[next] = previous;
        else
            _tail[worker] = previous;
        _count[worker]--;
        _owner[story] = -1;
    }
}
