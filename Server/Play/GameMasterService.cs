using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play.Grains;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

/// <summary>What only game masters see: the adventures being played now (on this node) and the engine's state.</summary>
public sealed class GameMasterService(
    IGrainFactory grains,
    AdventureRepository repository,
    ConnectionRegistry connections,
    StoryStreamer streamer,
    ITextGenerator generator)
{
    /// <summary>Adventures with a player connected to this node or a continuation being written on it.</summary>
    public async Task<IReadOnlyList<LiveAdventureView>> ListLiveAsync()
    {
        var ids = connections.AttachedAdventures().Union(streamer.All.Select(l => l.AdventureId)).ToArray();
        var views = new List<LiveAdventureView>(ids.Length);
        foreach (var id in ids)
        {
            var adventure = await repository.LoadAsync(id);
            if (adventure is null)
                continue;
            var state = await grains.GetGrain<IAdventureGrain>(id).Peek();
            views.Add(new LiveAdventureView(adventure.Id, adventure.Title, adventure.JoinCode,
                Views.Members(adventure, state.Connected.ToHashSet(StringComparer.Ordinal)), state.Live?.BlockId));
        }

        return views.OrderBy(v => v.Title, StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>The engine's state now (zeros where the engine keeps no such figure).</summary>
    public EngineStateView EngineState() => EngineStates.Of(generator, streamer);
}
