namespace AdventureServer.Server.Cluster;

/// <summary>This server's node: its name in the cluster, and whether there are others.</summary>
/// <param name="Name">The node's (and its silo's) name.</param>
/// <param name="IsCluster">False for the single process.</param>
public sealed record ClusterNode(string Name, bool IsCluster);
