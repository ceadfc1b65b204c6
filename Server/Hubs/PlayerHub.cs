using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Hubs;

/// <summary>
/// The players' hub at <c>/hubs/play</c>. A refused call throws a <see cref="HubException"/> whose message
/// starts with the reason (<c>Busy: The story is being written; wait for it to finish.</c>); the connection stays usable.
/// </summary>
[Authorize]
public sealed class PlayerHub : Hub<IPlayerClient>
{
    /// <summary>Creates an adventure from a scenario; the caller hosts it and is attached to its stream.</summary>
    public Task<AdventureView> CreateAdventure(CreateAdventureRequest request) => throw new NotImplementedException();

    /// <summary>Joins the adventure with this join code and attaches to its stream.</summary>
    public Task<AdventureView> Join(string joinCode) => throw new NotImplementedException();

    /// <summary>Leaves the adventure for good (the host cannot).</summary>
    public Task Leave(Guid adventureId) => throw new NotImplementedException();

    /// <summary>The adventures the caller is a member of.</summary>
    public Task<IReadOnlyList<AdventureSummaryView>> ListMyAdventures() => throw new NotImplementedException();

    /// <summary>
    /// Attaches this connection to the adventure's stream, then returns the story so far, including the
    /// live continuation's text and last sequence number (apply only deltas after it).
    /// </summary>
    public Task<AdventureView> GetAdventure(Guid adventureId) => throw new NotImplementedException();

    /// <summary>
    /// After a reconnect: attaches this connection to the stream, then returns the live continuation's deltas
    /// after <paramref name="lastSequence"/>; null when nothing is being written (call <see cref="GetAdventure"/>).
    /// If the returned block is not the one you were following, call <see cref="GetAdventure"/> too.
    /// </summary>
    public Task<StreamCatchUp?> Resume(Guid adventureId, int lastSequence) => throw new NotImplementedException();

    /// <summary>Acts: <c>Do</c>, <c>Say</c>, <c>Story</c> or <c>Continue</c> (text ignored); the model then continues for everyone.</summary>
    public Task Act(Guid adventureId, ActionKind kind, string text) => throw new NotImplementedException();

    /// <summary>Writes the last continuation again (the earlier one is kept as an alternative).</summary>
    public Task Retry(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Hides the last turn (restorable with <see cref="Redo"/>).</summary>
    public Task Undo(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Shows again what the last undo or erase hid.</summary>
    public Task Redo(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Replaces a block's text (the old text is kept in its history).</summary>
    public Task Edit(Guid adventureId, Guid blockId, string text) => throw new NotImplementedException();

    /// <summary>Erase to here: hides every block after <paramref name="blockId"/> (restorable with <see cref="Redo"/>).</summary>
    public Task EraseAfter(Guid adventureId, Guid blockId) => throw new NotImplementedException();

    /// <summary>Shows another alternative (retry) of a continuation.</summary>
    public Task SelectAlternative(Guid adventureId, Guid blockId, int alternative) => throw new NotImplementedException();

    /// <summary>Stops the continuation being written; what was written so far is kept.</summary>
    public Task Stop(Guid adventureId) => throw new NotImplementedException();

    /// <summary>Sets the memory (host only).</summary>
    public Task SetMemory(Guid adventureId, string memory) => throw new NotImplementedException();

    /// <summary>Sets the author's note (host only).</summary>
    public Task SetAuthorsNote(Guid adventureId, string authorsNote) => throw new NotImplementedException();

    /// <summary>Adds a story card (host only); returns it with its id.</summary>
    public Task<StoryCardView> AddStoryCard(Guid adventureId, StoryCardView card) => throw new NotImplementedException();

    /// <summary>Replaces the story card with the same id (host only).</summary>
    public Task UpdateStoryCard(Guid adventureId, StoryCardView card) => throw new NotImplementedException();

    /// <summary>Removes a story card (host only).</summary>
    public Task RemoveStoryCard(Guid adventureId, Guid cardId) => throw new NotImplementedException();

    /// <summary>Sets the generation settings (host only); returns what was stored after clamping.</summary>
    public Task<SettingsView> ChangeSettings(Guid adventureId, SettingsView settings) => throw new NotImplementedException();

    /// <summary>Tells the others the caller started or stopped typing.</summary>
    public Task SetTyping(Guid adventureId, bool isTyping) => throw new NotImplementedException();
}
