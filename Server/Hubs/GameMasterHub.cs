using AdventureServer.Server.Accounts;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Hubs;

/// <summary>
/// The game masters' hub at <c>/hubs/gm</c>: watch and steer any adventure, moderate, and see the engine.
/// Refusals are <see cref="HubException"/>s like the player hub's.
/// </summary>
[Authorize(Policy = Roles.GameMaster)]
public sealed class GameMasterHub : Hub<IGameMasterClient>
{
    /// <summary>The adventures being played now, with who is connected.</summary>
    public Task<IReadOnlyList<LiveAdventureView>> ListLiveAdventures() => throw new NotImplementedException();

    /// <summary>Watches an adventure live: attaches to its stream, then returns it (hidden blocks included, flagged).</summary>
    public Task<AdventureView> Watch(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Stops watching an adventure.</summary>
    public Task Unwatch(Guid adventureId) => throw new NotImplementedException();

    /// <summary>After a reconnect: re-attaches and returns the live deltas after <paramref name="lastSequence"/>, or null.</summary>
    public Task<StreamCatchUp?> Resume(Guid adventureId, int lastSequence) => throw new NotImplementedException();

    /// <summary>Narrates into the story (a Story action by the game master); the model continues from it.</summary>
    public Task Narrate(Guid adventureId, string text) => throw new NotImplementedException();

    /// <summary>Replaces a block's text.</summary>
    public Task EditBlock(Guid adventureId, Guid blockId, string text) => throw new NotImplementedException();

    /// <summary>Hides every block after <paramref name="blockId"/> (kept, restorable with redo).</summary>
    public Task EraseAfter(Guid adventureId, Guid blockId) => throw new NotImplementedException();

    /// <summary>Hides the last turn.</summary>
    public Task Undo(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Sets the generation settings; returns what was stored after clamping.</summary>
    public Task<SettingsView> ChangeSettings(Guid adventureId, SettingsView settings) => throw new NotImplementedException();

    /// <summary>Replaces the adventure's banned-word list.</summary>
    public Task SetBannedWords(Guid adventureId, IReadOnlyList<string> words) => throw new NotImplementedException();

    /// <summary>Removes a member, who may rejoin.</summary>
    public Task Kick(Guid adventureId, string userId, string? reason) => throw new NotImplementedException();

    /// <summary>Removes a user and keeps them out.</summary>
    public Task Ban(Guid adventureId, string userId, string? reason) => throw new NotImplementedException();

    /// <summary>Lets a banned user join again.</summary>
    public Task Unban(Guid adventureId, string userId) => throw new NotImplementedException();

    /// <summary>Keeps a member from changing the story.</summary>
    public Task Mute(Guid adventureId, string userId) => throw new NotImplementedException();

    /// <summary>Lets a muted member act again.</summary>
    public Task Unmute(Guid adventureId, string userId) => throw new NotImplementedException();

    /// <summary>Stops the continuation being written.</summary>
    public Task Stop(Guid adventureId) => throw new NotImplementedException();

    /// <summary>The engine's state now.</summary>
    public Task<EngineStateView> GetEngineState() => throw new NotImplementedException();

    /// <summary>Receive <see cref="IGameMasterClient.EngineState"/> about once a second.</summary>
    public Task SubscribeEngineState() => throw new NotImplementedException();

    /// <summary>Stop receiving the engine's state.</summary>
    public Task UnsubscribeEngineState() => throw new NotImplementedException();
}
