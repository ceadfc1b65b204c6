using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;
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
    GameBroadcaster broadcaster,
    ConnectionRegistry connections,
    RateLimits rates,
    IOptions<GameOptions> options,
    GameLimits limits,
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
        };
        var adventure = Adventure.Create(setup, host, limits, time.GetUtcNow());
        await repository.CreateAsync(adventure);
        return adventure;
    }

    /// <summary>Joins by code; tells the others.</summary>
    public async Task<Adventure> JoinAsync(Actor actor, string joinCode)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await repository.LoadByJoinCodeAsync(joinCode ?? string.Empty)
            ?? throw new GameRuleException(RuleReason.NotFound, "No adventure has that join code.");
        var (adventure, member) = await ChangeAsync(found.Id, a => a.Join(actor.UserId, actor.DisplayName));
        await broadcaster.PresenceAsync(new PresenceUpdate(adventure.Id, member.UserId, member.DisplayName, "Joined"));
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventure.Id)));
        return adventure;
    }

    /// <summary>Leaves for good; the user's connections are detached from the adventure.</summary>
    public async Task LeaveAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (adventure, _) = await ChangeAsync(adventureId, a =>
        {
            a.Leave(actor.UserId);
            return true;
        });
        await broadcaster.RemoveAsync(adventureId, actor.UserId, reason: null);
        await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, actor.UserId, actor.DisplayName, "Left"));
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventureId)));
    }

    /// <summary>The adventures the user is a member of.</summary>
    public async Task<IReadOnlyList<AdventureSummaryView>> ListForUserAsync(string userId) =>
        (await repository.ListForUserAsync(userId))
            .Select(a => new AdventureSummaryView(a.Id, a.Title, a.JoinCode, a.Role.ToString(), a.MemberCount, a.UpdatedAt))
            .ToArray();

    /// <summary>
    /// The adventure for a connection that was just added to its group: the live continuation is read
    /// before the story, so every delta is either in the view or arrives over the connection afterwards.
    /// Refused for a player who is not a member (the caller then removes the connection from the group).
    /// </summary>
    public async Task<AdventureView> OpenAsync(Actor actor, Guid adventureId, string connectionId, bool includeHidden = false)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var live = Views.Live(streamer.Live(adventureId));
        var adventure = await LoadAsync(adventureId);
        CheckWatcher(adventure, actor);
        if (!actor.IsGameMaster)
            await AttachAsync(adventure, actor, connectionId);
        return Views.Adventure(adventure, connections.ConnectedTo(adventureId), live, includeHidden);
    }

    /// <summary>What a reconnecting connection (already back in the group) missed of the live continuation, or null.</summary>
    public async Task<StreamCatchUp?> ResumeAsync(Actor actor, Guid adventureId, int lastSequence, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var live = streamer.Live(adventureId);
        var missed = live?.Since(lastSequence);
        var adventure = await LoadAsync(adventureId);
        CheckWatcher(adventure, actor);
        if (!actor.IsGameMaster)
            await AttachAsync(adventure, actor, connectionId);
        return live is null ? null : new StreamCatchUp(adventureId, live.BlockId, missed!);
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

    async Task AttachAsync(Adventure adventure, Actor actor, string connectionId)
    {
        if (connections.Attach(connectionId, adventure.Id))
            await broadcaster.PresenceAsync(new PresenceUpdate(adventure.Id, actor.UserId, actor.DisplayName, "Connected"));
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
