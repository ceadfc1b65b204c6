using AdventureServer.Game.Adventures;
using AdventureServer.Server.Hubs;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Streaming;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Play;

/// <summary>
/// Sends what happens in an adventure to its players' group and its watching game masters' group: the
/// stream (as the <see cref="StoryStreamer"/>'s <see cref="IStoryBroadcaster"/>) and story, settings and
/// presence changes. A failed send is logged and swallowed: one broken connection must not stop a story.
/// </summary>
public sealed class GameBroadcaster(
    IHubContext<PlayerHub, IPlayerClient> players,
    IHubContext<GameMasterHub, IGameMasterClient> masters,
    ILogger<GameBroadcaster> logger) : IStoryBroadcaster
{
    public Task DeltaAsync(StoryDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        return Both(delta.AdventureId, p => p.StoryDelta(delta), m => m.StoryDelta(delta));
    }

    public Task EndedAsync(ContinuationEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return Both(ended.AdventureId, p => p.ContinuationEnded(ended), m => m.ContinuationEnded(ended));
    }

    /// <summary>
    /// The blocks at <paramref name="changed"/> positions changed; <paramref name="version"/> is the version the
    /// change was stored as. Only those blocks are sent, so the cost does not grow with the story.
    /// </summary>
    public Task StoryChangedAsync(Adventure adventure, long version, IReadOnlyList<int> changed)
    {
        var toPlayers = Views.Story(adventure, version, changed, includeHidden: false);
        var toMasters = Views.Story(adventure, version, changed, includeHidden: true);
        return Both(adventure.Id, p => p.StoryChanged(toPlayers), m => m.StoryChanged(toMasters));
    }

    /// <summary>
    /// The adventure's settings, members or moderation changed (stored as <paramref name="version"/>); <paramref name="live"/>
    /// is the running continuation, if any, and <paramref name="connected"/> the users connected.
    /// </summary>
    public Task AdventureChangedAsync(Adventure adventure, LiveBlockView? live, long version, IReadOnlySet<string> connected)
    {
        // Settings, members and moderation never change the story's blocks: the view goes without them.
        var view = Views.Adventure(adventure, version, connected, live) with { Blocks = [] };
        var toMasters = view with { Banned = Views.Adventure(adventure, version, connected, live, includeHidden: true).Banned };
        return Both(adventure.Id, p => p.AdventureChanged(view), m => m.AdventureChanged(toMasters));
    }

    /// <summary>Someone joined, left, connected or disconnected.</summary>
    public Task PresenceAsync(PresenceUpdate presence)
    {
        ArgumentNullException.ThrowIfNull(presence);
        return Both(presence.AdventureId, p => p.PresenceChanged(presence), m => m.PresenceChanged(presence));
    }

    /// <summary>Someone is typing (players only: game masters do not need keystrokes).</summary>
    public Task TypingAsync(TypingUpdate typing, string exceptConnectionId)
    {
        ArgumentNullException.ThrowIfNull(typing);
        return Guard(typing.AdventureId, players.Clients.GroupExcept(HubGroups.Adventure(typing.AdventureId), exceptConnectionId).Typing(typing));
    }

    /// <summary>
    /// Takes a user's connections (on any node: SignalR's backplane carries the call) out of the adventure's group and,
    /// when removed by someone else, tells each of them why.
    /// </summary>
    public async Task RemoveAsync(Guid adventureId, IReadOnlyList<string> connectionIds, string? reason)
    {
        ArgumentNullException.ThrowIfNull(connectionIds);
        foreach (var connectionId in connectionIds)
        {
            await Guard(adventureId, players.Groups.RemoveFromGroupAsync(connectionId, HubGroups.Adventure(adventureId)));
            if (reason is not null)
                await Guard(adventureId, players.Clients.Client(connectionId).Removed(adventureId, reason));
        }
    }

    Task Both(Guid adventureId, Func<IPlayerClient, Task> toPlayers, Func<IGameMasterClient, Task> toMasters) =>
        Task.WhenAll(
            Guard(adventureId, toPlayers(players.Clients.Group(HubGroups.Adventure(adventureId)))),
            Guard(adventureId, toMasters(masters.Clients.Group(HubGroups.Watchers(adventureId)))));

    async Task Guard(Guid adventureId, Task send)
    {
        try
        {
            await send;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            PlayLog.SendFailed(logger, e, adventureId);
        }
    }
}
