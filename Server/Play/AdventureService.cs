using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>
/// One call's orchestration for both hubs: load the adventure, ask the aggregate, save, tell the watchers,
/// and start continuations on the engine. Scoped; each change runs in its own scope so that a save that
/// loses a race can be retried on fresh data.
/// </summary>
public sealed partial class AdventureService(
    IServiceScopeFactory scopes,
    AdventureRepository repository,
    ITextGenerator generator,
    StoryStreamer streamer,
    StoryVersions versions,
    GameBroadcaster broadcaster,
    ConnectionRegistry connections,
    RateLimits rates,
    IOptions<GameOptions> options,
    GameLimits limits,
    LastPrompts lastPrompts,
    TimeProvider time,
    ILogger<AdventureService> logger)
{
    readonly GameOptions _options = options.Value;

    /// <summary>Creates an adventure hosted by <paramref name="host"/>.</summary>
    public async Task<Adventure> CreateAsync(Actor host, CreateAdventureRequest request)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (request is null)
            throw new RefusedException(RefusalReason.Invalid, "Send the adventure's title and scenario.");
        var hosted = (await repository.ListForUserAsync(host.UserId)).Count(a => a.Role == MemberRole.Host);
        if (hosted >= _options.AdventuresPerAccount)
            throw new RefusedException(RefusalReason.TooManyAdventures, $"You already host {hosted} adventures; the server allows {_options.AdventuresPerAccount}.");
        var setup = new AdventureSetup(request.Title ?? string.Empty, request.ScenarioPrompt ?? string.Empty)
        {
            Placeholders = request.Placeholders ?? new Dictionary<string, string>(),
            TurnPolicy = ParseTurnPolicy(request.TurnPolicy),
            PartyCap = request.PartyCap,
            Settings = request.Settings is null ? null : Views.Settings(request.Settings),
            Memory = request.Memory ?? string.Empty,
            AuthorsNote = request.AuthorsNote ?? string.Empty,
            ActionPerson = ParseActionPerson(request.ActionPerson),
        };
        var adventure = Adventure.Create(setup, host, limits, time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(request.CharacterName))
            adventure.ChangeCharacterName(host, request.CharacterName);
        await repository.CreateAsync(adventure);
        return adventure;
    }

    /// <summary>Joins by code; tells the others.</summary>
    public Task<Adventure> JoinAsync(Actor actor, string joinCode) => JoinAsAsync(actor, joinCode, characterName: null);

    /// <summary>Leaves for good; the user's connections are detached from the adventure.</summary>
    public async Task LeaveAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (adventure, _, version, _) = await ChangeAsync(adventureId, a =>
        {
            a.Leave(actor.UserId);
            return true;
        });
        await broadcaster.RemoveAsync(adventureId, actor.UserId, reason: null);
        await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, actor.UserId, actor.DisplayName, "Left"));
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventureId)), version);
    }

    /// <summary>The adventures the user is a member of.</summary>
    public async Task<IReadOnlyList<AdventureSummaryView>> ListForUserAsync(string userId) =>
        (await repository.ListForUserAsync(userId))
            .Select(a => new AdventureSummaryView(a.Id, a.Title, a.JoinCode, a.Role.ToString(), a.MemberCount, a.UpdatedAt))
            .ToArray();

    /// <summary>
    /// Attaches the connection and returns the adventure as it is now, including the live continuation's
    /// attempt, text so far and last sequence number (apply only that attempt's later deltas).
    /// </summary>
    public Task<AdventureView> OpenAsync(Actor actor, Guid adventureId, string connectionId, IGroupManager groups, bool includeHidden = false) =>
        AttachAsync(actor, adventureId, connectionId, groups, (adventure, live, version) =>
            Views.Adventure(adventure, version, connections.ConnectedTo(adventureId), Views.Live(live), includeHidden));

    /// <summary>
    /// Attaches a reconnecting connection and returns what it missed of the live continuation: the deltas
    /// after <paramref name="lastSequence"/> when it followed this block's attempt, else all of them; null
    /// when nothing is being written.
    /// </summary>
    public Task<StreamCatchUp?> ResumeAsync(Actor actor, Guid adventureId, Guid? blockId, int attempt, int lastSequence, string connectionId, IGroupManager groups) =>
        AttachAsync(actor, adventureId, connectionId, groups, (_, live, _) => live?.CatchUp(blockId, attempt, lastSequence));

    /// <summary>
    /// The one way a connection is attached to an adventure's stream, for every hub method that attaches:
    /// check that the caller may watch it, then join the group, then take the snapshot. Checking first keeps
    /// an outsider or a banned user out of the group, so not one message reaches them. The snapshot's
    /// version and live continuation are read before the story, so every later change and delta is either in
    /// the snapshot or arrives over the connection afterwards. A player's connection is registered before
    /// the story is read again and checked again: a ban stored in between is then either seen here or finds
    /// the connection to detach it.
    /// </summary>
    async Task<T> AttachAsync<T>(Actor actor, Guid adventureId, string connectionId, IGroupManager groups, Func<Adventure, LiveContinuation?, long, T> snapshot)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(groups);
        CheckWatcher(await LoadAsync(adventureId), actor);
        var group = actor.IsGameMaster ? HubGroups.Watchers(adventureId) : HubGroups.Adventure(adventureId);
        await groups.AddToGroupAsync(connectionId, group);
        var firstConnection = false;
        try
        {
            if (!actor.IsGameMaster)
                firstConnection = connections.Attach(connectionId, adventureId);
            var version = versions.Current(adventureId);
            var live = streamer.Live(adventureId);
            var adventure = await LoadAsync(adventureId);
            CheckWatcher(adventure, actor);
            var result = snapshot(adventure, live, version);
            if (firstConnection)
                await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, actor.UserId, actor.DisplayName, "Connected"));
            return result;
        }
        catch
        {
            if (!actor.IsGameMaster)
                connections.Detach(connectionId, adventureId);
            await groups.RemoveFromGroupAsync(connectionId, group);
            throw;
        }
    }

    /// <summary>Tells the others that <paramref name="actor"/> is typing.</summary>
    public async Task TypingAsync(Actor actor, Guid adventureId, bool isTyping, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!connections.ConnectedTo(adventureId).Contains(actor.UserId))
            throw new GameRuleException(RuleReason.NotMember, "Open the adventure first.");
        await broadcaster.TypingAsync(new TypingUpdate(adventureId, actor.UserId, actor.DisplayName, isTyping), connectionId);
    }

    /// <summary>A connection went away: tells each adventure the user is no longer connected to.</summary>
    public async Task DisconnectedAsync(string userId, string displayName, IReadOnlyList<Guid> adventures)
    {
        foreach (var adventureId in adventures)
            await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, userId, displayName, "Disconnected"));
    }

    async Task<Adventure> LoadAsync(Guid adventureId) =>
        await repository.LoadAsync(adventureId) ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");

    static void CheckWatcher(Adventure adventure, Actor actor)
    {
        if (actor.IsGameMaster)
            return;
        if (adventure.Banned.Contains(actor.UserId))
            throw new GameRuleException(RuleReason.Banned, "You are banned from this adventure.");
        if (adventure.FindMember(actor.UserId) is null)
            throw new GameRuleException(RuleReason.NotMember, "You are not a member of this adventure.");
    }

    static TurnPolicy ParseTurnPolicy(string? text) =>
        string.IsNullOrWhiteSpace(text) ? TurnPolicy.FreeForAll
        : Enum.TryParse<TurnPolicy>(text, ignoreCase: true, out var policy) && Enum.IsDefined(policy) ? policy
        : throw new GameRuleException(RuleReason.InvalidSettings, $"Unknown turn policy \"{text}\"; use FreeForAll or RoundRobin.");
}
