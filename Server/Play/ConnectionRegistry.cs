namespace AdventureServer.Server.Play;

/// <summary>
/// This node's hub connections and the adventures each player connection is attached to, so a connection that goes
/// away can be detached from each adventure's grain, which keeps the presence of every node (and the account's
/// grain its connection cap). Thread-safe singleton.
/// </summary>
public sealed class ConnectionRegistry
{
    readonly Lock _lock = new();
    readonly Dictionary<string, HashSet<Guid>> _connections = new(StringComparer.Ordinal);

    /// <summary>Registers a new connection (the account's cap is checked in its grain, across the nodes).</summary>
    public void Connect(string connectionId)
    {
        lock (_lock)
            _connections[connectionId] = [];
    }

    /// <summary>Forgets a connection; returns the adventures it was attached to.</summary>
    public IReadOnlyList<Guid> Disconnect(string connectionId)
    {
        lock (_lock)
            return _connections.Remove(connectionId, out var adventures) ? [.. adventures] : [];
    }

    /// <summary>Attaches a connection to an adventure.</summary>
    public void Attach(string connectionId, Guid adventureId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var adventures))
                adventures.Add(adventureId);
        }
    }

    /// <summary>Whether the connection is attached to the adventure.</summary>
    public bool IsAttached(string connectionId, Guid adventureId)
    {
        lock (_lock)
            return _connections.TryGetValue(connectionId, out var adventures) && adventures.Contains(adventureId);
    }

    /// <summary>Detaches one connection from an adventure (its attach was refused).</summary>
    public void Detach(string connectionId, Guid adventureId)
    {
        lock (_lock)
        {
            if (_connections.TryGetValue(connectionId, out var adventures))
                adventures.Remove(adventureId);
        }
    }

    /// <summary>Every adventure some connection is attached to.</summary>
    public IReadOnlyCollection<Guid> AttachedAdventures()
    {
        lock (_lock)
            return _connections.Values.SelectMany(a => a).ToHashSet();
    }
}
