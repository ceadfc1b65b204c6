namespace AdventureServer.Server.Cluster;

/// <summary>This server's node: its name in the cluster, whether there are others, and what it does.</summary>
/// <param name="Name">The node's (and its silo's) name.</param>
/// <param name="IsCluster">False for the single process.</param>
/// <param name="Role">What it does.</param>
public sealed record ClusterNode(string Name, bool IsCluster, NodeRole Role = NodeRole.All);
