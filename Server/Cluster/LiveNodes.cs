using Orleans.Runtime;

namespace AdventureServer.Server.Cluster;

/// <summary>Which nodes the cluster holds alive now (by name), from Orleans' membership.</summary>
public sealed class LiveNodes(IClusterMembershipService membership)
{
    /// <summary>Whether a node of this name is an active member.</summary>
    public bool IsAlive(string name) =>
        membership.CurrentSnapshot.Members.Values.Any(m => m.Status == SiloStatus.Active && m.Name == name);

    /// <summary>The active members' names.</summary>
    public IReadOnlyList<string> Names =>
        membership.CurrentSnapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.Name).Order(StringComparer.Ordinal).ToArray();
}
