using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Play;
using AdventureServer.Server.Play.Grains;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Hubs;

/// <summary>
/// The players' hub at <c>/hubs/play</c>. A refused call throws a <see cref="HubException"/> whose message
/// names the reason: <c>... HubException: Busy: The story is being written; wait for it to finish.</c> (SignalR puts its
/// own prefix before <c>HubException:</c>; the reason is the word after it). The connection stays usable.
/// Thin: the caller becomes an <see cref="Actor"/>, the work is the <see cref="AdventureService"/>'s.
/// </summary>
[Authorize]
public sealed class PlayerHub(AdventureService game) : Hub<IPlayerClient>
{
    Actor Me => new(GameHubFilter.UserId(Context.User), Context.User?.Identity?.Name ?? "?");

    /// <summary>Creates an adventure from a scenario; the caller hosts it and is attached to its stream.</summary>
    public async Task<AdventureView> CreateAdventure(CreateAdventureRequest request)
    {
        var adventure = await game.CreateAsync(Me, request);
        return await GetAdventure(adventure.Id);
    }

    /// <summary>Joins the adventure with this join code and attaches to its stream.</summary>
    public async Task<AdventureView> Join(string joinCode)
    {
        var adventureId = await game.JoinAsync(Me, joinCode);
        return await GetAdventure(adventureId);
    }

    /// <summary>
    /// Joins as a character: in a third-person adventure the caller's actions read "&gt; <paramref name="characterName"/> opens the door."
    /// (blank: no name yet). Joining again as a member renames the character. A name over the limit, or with a line break,
    /// quote or '&gt;', is refused and nothing changes.
    /// </summary>
    public async Task<AdventureView> JoinAs(string joinCode, string? characterName)
    {
        var adventureId = await game.JoinAsAsync(Me, joinCode, characterName);
        return await GetAdventure(adventureId);
    }

    /// <summary>Names, renames or (blank) clears the caller's character; returns the name stored. Actions already written keep theirs.</summary>
    public Task<string?> SetCharacterName(Guid adventureId, string? characterName) => game.RunAsync<string?>(adventureId, new SetCharacterName(Me, characterName));

    /// <summary>Chooses how actions are framed from now on (host only): <c>Second</c> or <c>Third</c>.</summary>
    public Task ChangeActionPerson(Guid adventureId, ActionPerson person) => game.RunAsync(adventureId, new ChangeActionPerson(Me, person));

    /// <summary>Leaves the adventure for good (the host cannot).</summary>
    public async Task Leave(Guid adventureId)
    {
        await game.RunAsync(adventureId, new Leave(Me));
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Adventure(adventureId));
    }

    /// <summary>Deletes the adventure for good, story and all (its host only; refused while the story is being written).</summary>
    public Task DeleteAdventure(Guid adventureId) => game.RunAsync(adventureId, new DeleteAdventure(Me));

    /// <summary>The adventures the caller is a member of.</summary>
    public Task<IReadOnlyList<AdventureSummaryView>> ListMyAdventures() => game.ListForUserAsync(Me.UserId);

    /// <summary>
    /// Attaches this connection to the adventure's stream (members only), then returns the story so far,
    /// including the live continuation's attempt, text and last sequence number (apply only later deltas of that attempt).
    /// </summary>
    public Task<AdventureView> GetAdventure(Guid adventureId) => game.OpenAsync(Me, adventureId, Context.ConnectionId, Groups);

    /// <summary>
    /// After a reconnect: attaches this connection to the stream (members only), then returns the live
    /// continuation's deltas after <paramref name="lastSequence"/> when it is attempt <paramref name="attempt"/> of
    /// <paramref name="blockId"/>, else every delta of it from 1; null when nothing is being written.
    /// Pass a null <paramref name="blockId"/> (and 0, 0) when you followed no continuation.
    /// </summary>
    public Task<StreamCatchUp?> Resume(Guid adventureId, Guid? blockId, int attempt, int lastSequence) =>
        game.ResumeAsync(Me, adventureId, blockId, attempt, lastSequence, Context.ConnectionId, Groups);

    /// <summary>
    /// Acts: <c>Do</c>, <c>Say</c>, <c>Story</c> or <c>Continue</c> (text ignored); the model then continues for
    /// everyone. Returns the id of the continuation being written (its deltas carry it).
    /// </summary>
    public Task<Guid> Act(Guid adventureId, ActionKind kind, string text) => game.RunAsync<Guid>(adventureId, new Act(Me, kind, text));

    /// <summary>Writes the last continuation again (the earlier one is kept as an alternative); returns its id.</summary>
    public Task<Guid> Retry(Guid adventureId) => game.RunAsync<Guid>(adventureId, new Retry(Me));

    /// <summary>Hides the last turn (restorable with <see cref="Redo"/>).</summary>
    public Task Undo(Guid adventureId) => game.RunAsync(adventureId, new Undo(Me));

    /// <summary>Shows again what the last undo or erase hid.</summary>
    public Task Redo(Guid adventureId) => game.RunAsync(adventureId, new Redo(Me));

    /// <summary>Replaces a block's text (the old text is kept in its history).</summary>
    public Task Edit(Guid adventureId, Guid blockId, string text) => game.RunAsync(adventureId, new EditBlock(Me, blockId, text ?? string.Empty));

    /// <summary>Erase to here: hides every block after <paramref name="blockId"/> (restorable with <see cref="Redo"/>).</summary>
    public Task EraseAfter(Guid adventureId, Guid blockId) => game.RunAsync(adventureId, new EraseAfter(Me, blockId));

    /// <summary>Shows another alternative (retry) of a continuation.</summary>
    public Task SelectAlternative(Guid adventureId, Guid blockId, int alternative) =>
        game.RunAsync(adventureId, new SelectAlternative(Me, blockId, alternative));

    /// <summary>Stops the continuation being written; what was written so far is kept.</summary>
    public Task Stop(Guid adventureId) => game.RunAsync(adventureId, new StopWriting(Me));

    /// <summary>Sets the memory (host only).</summary>
    public Task SetMemory(Guid adventureId, string memory) =>
        game.RunAsync(adventureId, new SetMemory(Me, memory ?? string.Empty));

    /// <summary>Sets the author's note (host only).</summary>
    public Task SetAuthorsNote(Guid adventureId, string authorsNote) =>
        game.RunAsync(adventureId, new SetAuthorsNote(Me, authorsNote ?? string.Empty));

    /// <summary>Adds a story card (host only); returns it with its id.</summary>
    public Task<StoryCardView> AddStoryCard(Guid adventureId, StoryCardView card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return game.RunAsync<StoryCardView>(adventureId, new AddStoryCard(Me, card.Title ?? string.Empty, HubArguments.Texts(card.Keys, nameof(card)), card.Text ?? string.Empty, card.Enabled));
    }

    /// <summary>Replaces the story card with the same id (host only).</summary>
    public Task UpdateStoryCard(Guid adventureId, StoryCardView card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return game.RunAsync(adventureId, new UpdateStoryCard(Me, card.Id, card.Title ?? string.Empty, HubArguments.Texts(card.Keys, nameof(card)), card.Text ?? string.Empty, card.Enabled));
    }

    /// <summary>Removes a story card (host only).</summary>
    public Task RemoveStoryCard(Guid adventureId, Guid cardId) =>
        game.RunAsync(adventureId, new RemoveStoryCard(Me, cardId));

    /// <summary>Sets the generation settings (host only); returns what was stored after clamping.</summary>
    public Task<SettingsView> ChangeSettings(Guid adventureId, SettingsView settings) =>
        game.RunAsync<SettingsView>(adventureId, new ChangeSettings(Me, settings));

    /// <summary>What the model saw on the last turn, split into memory, cards, author's note and story (host only).</summary>
    public Task<ContextView> GetContext(Guid adventureId) => game.RunAsync<ContextView>(adventureId, new ReadContext(Me));

    /// <summary>Tells the others the caller started or stopped typing.</summary>
    public Task SetTyping(Guid adventureId, bool isTyping) => game.TypingAsync(Me, adventureId, isTyping, Context.ConnectionId);
}
