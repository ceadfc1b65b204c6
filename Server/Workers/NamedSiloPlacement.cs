using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace AdventureServer.Server.Workers;

/// <summary>Places a string-keyed grain on the silo whose name is its key (a worker's grain on that worker's node).</summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class NamedSiloPlacement : PlacementStrategy
{
    internal static readonly NamedSiloPlacement Instance = new();
}

/// <summary>Marks a grain class for <see cref="NamedSiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NamedSiloAttribute() : PlacementAttribute(NamedSiloPlacement.Instance);

/// <summary>Finds the active silo named by the grain's key; a name no live silo has is refused (that worker is gone).</summary>
public sealed class NamedSiloPlacementDirector(IClusterMembershipService membership) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = target.GrainIdentity.Key.ToString();
        var compatible = context.GetCompatibleSilos(target);
        var members = membership.CurrentSnapshot.Members;
        foreach (var silo in compatible)
        {
            if (members.TryGetValue(silo, out var member) && member.Status == SiloStatus.Active && member.Name == name)
                return Task.FromResult(silo);
        }
        throw new OrleansException($"No live worker is named {name}.");
    }
}
