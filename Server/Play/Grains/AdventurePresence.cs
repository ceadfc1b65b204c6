namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// Who is connected to one adventure, on any node: each player connection attached to it, with its user and the
/// node that holds it. Kept by the adventure's grain (one thread at a time, so no locks). A node that dies takes
/// its connections with it: they stop counting once the cluster has declared the node dead.
/// </summary>
public sealed class AdventurePresence(Func<string, bool> nodeIsAlive)
{
    readonly Dictionary<string, Attached> _connections = new(StringComparer.Ordinal);

    /// <summary>Attaches a player connection; true when the user had no live connection attached before (just connected).</summary>
    public bool Attach(string connectionId, string userId, string displayName, string node)
    {
        Prune();
        var first = !_connections.Values.Any(c => c.UserId == userId);
        _connections[connectionId] = new Attached(userId, displayName, node);
        return first;
    }

    /// <summary>Detaches a connection; returns its user when that was their last one here (just disconnected), else null.</summary>
    public (string UserId, string DisplayName)? Detach(string connectionId)
    {
        if (!_connections.Remove(connectionId, out var gone))
            return null;
        return _connections.Values.Any(c => c.UserId == gone.UserId) ? null : (gone.UserId, gone.DisplayName);
    }

    /// <summary>Detaches every connection of a user; returns their ids.</summary>
    public IReadOnlyList<string> DetachUser(string userId)
    {
        var ids = _connections.Where(c => c.Value.UserId == userId).Select(c => c.Key).ToArray();
        foreach (var id in ids)
            _connections.Remove(id);
        return ids;
    }

    /// <summary>Whether the connection is attached.</summary>
    public bool IsAttached(string connectionId)
    {
        Prune();
        return _connections.ContainsKey(connectionId);
    }

    /// <summary>The users with a live connection attached.</summary>
    public IReadOnlySet<string> Connected
    {
        get
        {
            Prune();
            return _connections.Values.Select(c => c.UserId).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Whether any connection is attached (the grain then stays active).</summary>
    public bool Any => _connections.Count > 0;

    void Prune()
    {
        foreach (var dead in _connections.Where(c => !nodeIsAlive(c.Value.Node)).Select(c => c.Key).ToArray())
            _connections.Remove(dead);
    }

    sealed record Attached(string UserId, string DisplayName, string Node);
}
