namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// One account's limits in the cluster (keyed by the account id): its open hub connections on every node, against
/// the per-account cap, and its actions of the last minute, against the per-minute rate. Kept in one place, so
/// spreading an account's connections or adventures over several nodes does not multiply what it is allowed.
/// </summary>
public interface IAccountGrain : IGrainWithStringKey
{
    /// <summary>Counts a new connection held by <paramref name="node"/>; false (and nothing counted) when the account already holds <paramref name="limit"/>.</summary>
    Task<bool> TryConnect(string connectionId, string node, int limit);

    /// <summary>Forgets a connection.</summary>
    Task Disconnect(string connectionId);

    /// <summary>Counts one action if fewer than <paramref name="perMinute"/> were counted in the last minute; false when the rate is reached.</summary>
    Task<bool> TryAct(int perMinute);
}
