using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace AdventureServer.Server.Play;

/// <summary>
/// The hubs' side of the game, on the node that holds the caller's connection: it reads what any node may read
/// (the store), attaches connections, and sends every change to the adventure's grain (see <see cref="IAdventureGrain"/>),
/// which runs it wherever it lives. Scoped.
/// </summary>
public sealed partial class AdventureService(
    IGrainFactory grains,
    AdventureRepository repository,
    GameBroadcaster broadcaster,
    ConnectionRegistry connections,
    ClusterNode node,
    IHostApplicationLifetime lifetime,
    IOptions<GameOptions> options,
    GameLimits limits,
    TimeProvider time,
    ILogger<AdventureService> logger)
{
    readonly GameOptions _options = options.Value;

    /// <summary>Runs <paramref name="command"/> on the adventure's grain; a refusal is thrown as the exception it was.</summary>
    public async Task RunAsync(Guid adventureId, AdventureCommand command) => (await CallAsync(adventureId, g => g.Run(command))).ThrowIfRefused();

    /// <summary>Runs <paramref name="command"/> on the adventure's grain and returns its result.</summary>
    public async Task<T> RunAsync<T>(Guid adventureId, AdventureCommand command) => (await CallAsync(adventureId, g => g.Run(command))).Result<T>()!;

    /// <summary>
    /// Calls the adventure's grain, again while the node that hosted it is being declared dead (see <see cref="NodeLoss"/>),
    /// so a player's action after a crash waits instead of failing. (A command the dead node ran but could not answer is
    /// run again: for an action that is a rare double; the grain's start marks the cut-off continuation Interrupted first.)
    /// </summary>
    Task<T> CallAsync<T>(Guid adventureId, Func<IAdventureGrain, Task<T>> call) =>
        NodeLoss.RetryAsync(() => call(grains.GetGrain<IAdventureGrain>(adventureId)), time, lifetime.ApplicationStopping);

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

    /// <summary>Joins by code; tells the others. Returns the adventure's id.</summary>
    public Task<Guid> JoinAsync(Actor actor, string joinCode) => JoinAsAsync(actor, joinCode, characterName: null);

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
        AttachAsync(actor, adventureId, connectionId, groups, catchUp: null, (adventure, state) =>
            Views.Adventure(adventure, state.Version, state.Connected.ToHashSet(StringComparer.Ordinal), state.Live, includeHidden));

    /// <summary>
    /// Attaches a reconnecting connection and returns what it missed of the live continuation: the deltas
    /// after <paramref name="lastSequence"/> when it followed this block's attempt, else all of them; null
    /// when nothing is being written.
    /// </summary>
    public Task<StreamCatchUp?> ResumeAsync(Actor actor, Guid adventureId, Guid? blockId, int attempt, int lastSequence, string connectionId, IGroupManager groups) =>
        AttachAsync(actor, adventureId, connectionId, groups, new CatchUpFrom(blockId, attempt, lastSequence), (_, state) => state.CatchUp);

    /// <summary>
    /// The one way a connection is attached to an adventure's stream, for every hub method that attaches:
    /// check that the caller may watch it, then join the group, then take the snapshot. Checking first keeps
    /// an outsider or a banned user out of the group, so not one message reaches them. The grain gives the
    /// snapshot's version and live continuation before the story is read, so every later change and delta is
    /// either in the snapshot or arrives over the connection afterwards. A player's connection is attached in the
    /// grain before the story is read again and checked again: a ban stored in between is then either seen here
    /// or finds the connection to detach it.
    /// </summary>
    async Task<T> AttachAsync<T>(Actor actor, Guid adventureId, string connectionId, IGroupManager groups, CatchUpFrom? catchUp, Func<Adventure, AttachReply, T> snapshot)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(groups);
        CheckWatcher(await LoadAsync(adventureId), actor);
        var group = actor.IsGameMaster ? HubGroups.Watchers(adventureId) : HubGroups.Adventure(adventureId);
        await groups.AddToGroupAsync(connectionId, group);
        var player = !actor.IsGameMaster;
        try
        {
            if (player)
                connections.Attach(connectionId, adventureId);
            var state = await CallAsync(adventureId, g => g.Attach(new AttachRequest(connectionId, actor.UserId, actor.DisplayName, node.Name, player, catchUp)));
            var adventure = await LoadAsync(adventureId);
            CheckWatcher(adventure, actor);
            var result = snapshot(adventure, state);
            if (state.FirstConnection)
                await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, actor.UserId, actor.DisplayName, "Connected"));
            return result;
        }
        catch
        {
            if (player)
            {
                connections.Detach(connectionId, adventureId);
                await CallAsync(adventureId, g => g.Detach(connectionId));
            }
            await groups.RemoveFromGroupAsync(connectionId, group);
            throw;
        }
    }

    /// <summary>Tells the others that <paramref name="actor"/> is typing.</summary>
    public async Task TypingAsync(Actor actor, Guid adventureId, bool isTyping, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!connections.IsAttached(connectionId, adventureId) || !await CallAsync(adventureId, g => g.IsAttached(connectionId)))
            throw new GameRuleException(RuleReason.NotMember, "Open the adventure first.");
        await broadcaster.TypingAsync(new TypingUpdate(adventureId, actor.UserId, actor.DisplayName, isTyping), connectionId);
    }

    /// <summary>
    /// A connection went away: its account stops counting it, and each adventure it was attached to forgets it and
    /// tells the others when it was the user's last.
    /// </summary>
    public async Task DisconnectedAsync(string userId, string connectionId, IReadOnlyList<Guid> adventures)
    {
        try
        {
            await grains.GetGrain<IAccountGrain>(userId).Disconnect(connectionId);
            foreach (var adventureId in adventures)
            {
                if (await CallAsync(adventureId, g => g.Detach(connectionId)) is { } left)
                    await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, left.UserId, left.DisplayName, "Disconnected"));
            }
        }
        catch (Exception e) when (e is OrleansException or SiloUnavailableException or TimeoutException or ObjectDisposedException)
        {
            // The silo is stopping with the server (its grains, presence and all, go with it) or a grain's node is
            // gone; either way nobody is left to tell.
            PlayLog.DetachFailed(logger, e, connectionId);
        }
    }

    async Task<Adventure> LoadAsync(Guid adventureId) =>
        await repository.LoadAsync(adventureId) ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");

    /// <summary>Refuses a player who is not a member, or is banned (game masters watch anything).</summary>
    internal static void CheckWatcher(Adventure adventure, Actor actor)
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
