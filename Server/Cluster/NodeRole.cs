namespace AdventureServer.Server.Cluster;

/// <summary>What a node does (<c>serve --role</c>, or <c>Cluster:Role</c>).</summary>
public enum NodeRole
{
    /// <summary>Everything in one process: players' connections, adventures and the engine (the default).</summary>
    All,

    /// <summary>Players' connections and adventures; no model: turns go to the cluster's workers.</summary>
    Frontend,

    /// <summary>The engine only (one per GPU or CPU box): takes turns from the front-ends.</summary>
    Worker,
}
