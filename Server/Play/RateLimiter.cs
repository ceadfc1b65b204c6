using System.Collections.Concurrent;

namespace AdventureServer.Server.Play;

/// <summary>
/// A per-account sliding window: at most <c>limit</c> events in any minute. Thread-safe; one instance per
/// kind of event (actions, hub calls). Old accounts' windows are dropped as they empty.
/// </summary>
public sealed class RateLimiter(TimeProvider time)
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one event for <paramref name="key"/>; false (not counted) when the last minute already holds <paramref name="limit"/>.</summary>
    public bool TryAcquire(string key, int limit)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            while (window.Count > 0 && now - window.Peek() >= Window)
                window.Dequeue();
            if (window.Count >= limit)
                return false;
            window.Enqueue(now);
            return true;
        }
    }
}
