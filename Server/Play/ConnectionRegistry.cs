using System.Collections.Concurrent;

namespace AdventureServer.Server.Play;

/// <summary>
/// Who is connected: each account's open hub connections (capped per account) and the adventures each
/// player connection is attached to (for presence and for removing kicked players). Thread-safe singleton.
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

    /// <summary>Forgets a connection; returns the adventures the user is no longer connected to at all.</summary>
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
            return attached.Adventures.Where(a => !IsAttached(attached.UserId, a)).ToArray();
        }
    }

    /// <summary>Attaches a connection to an adventure; true when the user was not attached to it before (just connected).</summary>
    public bool Attach(string connectionId, Guid adventureId)
    {
        lock (_lock)
        {
            if (!_connections.TryGetValue(connectionId, out var attached))
                return false;
            var first = !IsAttached(attached.UserId, adventureId);
            attached.Adventures.Add(adventureId);
            return first;
        }
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

    /// <summary>Detaches every connection of <paramref name="userId"/> from an adventure; returns their ids.</summary>
    public IReadOnlyList<string> DetachUser(string userId, Guid adventureId)
    {
        lock (_lock)
        {
            if (!_byUser.TryGetValue(userId, out var set))
                return [];
            return set.Where(c => _connections[c].Adventures.Remove(adventureId)).ToArray();
        }
    }

    /// <summary>The users with a connection attached to the adventure.</summary>
    public IReadOnlySet<string> ConnectedTo(Guid adventureId)
    {
        lock (_lock)
            return _connections.Values.Where(c => c.Adventures.Contains(adventureId)).Select(c => c.UserId).ToHashSet(StringComparer.Ordinal);
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

    bool IsAttached(string userId, Guid adventureId) =>
        _byUser.TryGetValue(userId, out var set) && set.Any(c => _connections[c].Adventures.Contains(adventureId));

    sealed record Attached(string UserId, string DisplayName, HashSet<Guid> Adventures);
}
