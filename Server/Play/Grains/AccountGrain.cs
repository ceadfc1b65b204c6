using AdventureServer.Server.Cluster;

namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// The account's grain (see <see cref="IAccountGrain"/>). Connections held by a node the cluster declared dead stop
/// counting, so players whose node crashed can reconnect elsewhere at once. While it counts connections the grain
/// stays active; an idle one is collected, and with it only an action log older than its minute could be lost.
/// </summary>
public sealed class AccountGrain(LiveNodes nodes, TimeProvider time) : Grain, IAccountGrain
{
    static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    readonly Dictionary<string, string> _connections = new(StringComparer.Ordinal);
    SlidingLogRateLimiter? _actions;
    GrainKeepAlive? _keepAlive;

    public Task<bool> TryConnect(string connectionId, string node, int limit)
    {
        PruneDeadNodes();
        if (_connections.Count >= limit)
            return Task.FromResult(false);
        _connections[connectionId] = node;
        KeepAliveWhileConnected();
        return Task.FromResult(true);
    }

    public Task Disconnect(string connectionId)
    {
        _connections.Remove(connectionId);
        KeepAliveWhileConnected();
        return Task.CompletedTask;
    }

    public Task<bool> TryAct(int perMinute)
    {
        if (_actions is null || _actions.Limit != perMinute)
            _actions = new SlidingLogRateLimiter(perMinute, Window, time);
        using var lease = _actions.AttemptAcquire();
        return Task.FromResult(lease.IsAcquired);
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _actions?.Dispose();
        return Task.CompletedTask;
    }

    void PruneDeadNodes()
    {
        foreach (var dead in _connections.Where(c => !nodes.IsAlive(c.Value)).Select(c => c.Key).ToArray())
            _connections.Remove(dead);
    }

    // It counts connections: it stays while some, on live nodes, are left.
    void KeepAliveWhileConnected()
    {
        _keepAlive ??= new GrainKeepAlive(() =>
        {
            PruneDeadNodes();
            return _connections.Count > 0;
        });
        _keepAlive.Update(this);
    }
}
