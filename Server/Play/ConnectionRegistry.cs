using System.Collections.Concurrent;

namespace AdventureServer.Server.Play;

/// <summary>
/// Who is connected to this node: each account's open hub connections (capped per account, per node) and the
/// adventures each player connection is attached to, so a connection that goes away can be detached from each
/// adventure's grain, which keeps the presence of every node. Thread-safe singleton.
/// </summary>
public sealed class ConnectionRegistry
{
    readonly Lock _lock = new();
    readonly Dictionary<string, HashSet<string>> _byUser = new(StringComparer.Ordinal);
    readonly Dictionary<string, Attached> _connections = new(StringComparer.Ordinal);

    /// <summary>Registers a new connection; false (and nothing registered) when the account already holds <paramref name="limit"/>.</summary>
    public bool TryConnect(string userId, string displayName, string connectionId, int limit)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var set))
                _byUser[userId] = set = new HashSet<string>(StringComparer.Ordinal);
            if (set.Count >= limit)
                return false;
            set.Add(connectionId);
            _connections[connectionId] = new Attached(userId, displayName, []);
            return true;
        }
    }

    /// <summary>Forgets a connection; returns the adventures it was attached to.</summary>
    public IReadOnlyList<Guid> Disconnect(string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connectionId, out var attached))
                return [];
            var set = _byUser[attached.UserId];
            set.Remove(connectionId);
            if (set.Count == 0)
                _byUser.Remove(attached.UserId);
            return attached.Adventures.ToArray();
        }
    }

    /// <summary>Attaches a connection to an adventure.</summary>
    public void Attach(string connectionId, Guid adventureId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var attached))
                attached.Adventures.Add(adventureId);
        }
    }

    /// <summary>Whether the connection is attached to the adventure.</summary>
    public bool IsAttached(string connectionId, Guid adventureId)
    {
        lock (_lock)
            return _connections.TryGetValue(connectionId, out var attached) && attached.Adventures.Contains(adventureId);
    }

    /// <summary>Detaches one connection from an adventure (its attach was refused).</summary>
    public void Detach(string connectionId, Guid adventureId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var attached))
                attached.Adventures.Remove(adventureId);
        }
    }

    /// <summary>Every adventure some connection is attached to.</summary>
    public IReadOnlyCollection<Guid> AttachedAdventures()
    {
        lock (_lock)
            return _connections.Values.SelectMany(c => c.Adventures).ToHashSet();
    }

    /// <summary>How many connections the account holds.</summary>
    public int ConnectionCount(string userId)
    {
        lock (_lock)
            return _byUser.TryGetValue(userId, out var set) ? set.Count : 0;
    }

    sealed record Attached(string UserId, string DisplayName, HashSet<Guid> Adventures);
}
