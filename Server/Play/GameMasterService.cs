using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play.Grains;
using AdventureServer.Server.Streaming;
using Orleans.Runtime;

namespace AdventureServer.Server.Play;

/// <summary>What only game masters see: the adventures being played now (on every node) and the engine's state.</summary>
public sealed class GameMasterService(
    IGrainFactory grains,
    AdventureRepository repository,
    ConnectionRegistry connections,
    StoryStreamer streamer,
    ITextGenerator generator)
{
    // Orleans names a grain type after its class, less "Grain".
    static readonly GrainType AdventureGrains = GrainType.Create("adventure");

    /// <summary>
    /// Adventures with a player connected or a continuation being written, on any node: every active adventure
    /// grain in the cluster is asked (with this node's own attachments, in case a grain is still starting).
    /// </summary>
    public async Task<IReadOnlyList<LiveAdventureView>> ListLiveAsync()
    {
        var active = await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(AdventureGrains);
        var ids = active.Select(g => Guid.Parse(g.Key.ToString()))
            .Union(connections.AttachedAdventures())
            .Union(streamer.All.Select(l => l.AdventureId))
            .ToArray();
        var views = new List<LiveAdventureView>(ids.Length);
        foreach (var id in ids)
        {
            var state = await grains.GetGrain<IAdventureGrain>(id).Peek();
            if (state.Connected.Count == 0 && state.Live is null)
                continue;
            var adventure = await repository.LoadAsync(id);
            if (adventure is null)
                continue;
            views.Add(new LiveAdventureView(adventure.Id, adventure.Title, adventure.JoinCode,
                Views.Members(adventure, state.Connected.ToHashSet(StringComparer.Ordinal)), state.Live?.BlockId));
        }

        return views.OrderBy(v => v.Title, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The engine's state now (zeros where the engine keeps no such figure).</summary>
    public EngineStateView EngineState() => EngineStates.Of(generator, streamer);
}
