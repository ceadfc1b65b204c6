namespace AdventureServer.Server.Cluster;

/// <summary>
/// Settings of the <c>Cluster</c> section. Without <see cref="Redis"/> the server is one process: an Orleans
/// cluster of one silo inside it, on the loopback address. With it, the server is one node of a cluster whose
/// membership, SignalR backplane and Data Protection keys live in that Redis.
/// </summary>
public sealed class ClusterNodeOptions
{
    public const string Section = "Cluster";

    /// <summary>The Redis connection string (<c>host:port</c>) shared by the nodes; empty: a single process.</summary>
    public string Redis { get; set; } = string.Empty;

    /// <summary>The cluster's name: nodes with the same one, on the same Redis, form one cluster.</summary>
    public string ClusterId { get; set; } = "adventureserver";

    /// <summary>This node's name in <c>/cluster</c> and the logs; empty: the host name and silo port.</summary>
    public string NodeName { get; set; } = string.Empty;

    /// <summary>The port silos talk to each other on (0: a free one, the single-process default).</summary>
    public int SiloPort { get; set; }

    /// <summary>The port Orleans clients outside the cluster connect to (0: none; the nodes host their own client).</summary>
    public int GatewayPort { get; set; }

    /// <summary>The address other nodes reach this silo on; empty: the loopback address (every node on one machine).</summary>
    public string AdvertisedAddress { get; set; } = string.Empty;

    /// <summary>True when this server is a node of a cluster rather than a single process.</summary>
    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);
}
