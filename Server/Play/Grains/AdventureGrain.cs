using AdventureServer.Server.Cluster;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// The adventure's grain (see <see cref="IAdventureGrain"/>). Its node's <see cref="StoryStreamer"/> and
/// <see cref="StoryVersions"/> hold its live continuation and version counter: only this grain reaches them for
/// its adventure. Activated on a cluster node after its previous node died, it marks the continuation that node was
/// writing <c>Interrupted</c>, keeping the text saved so far, so the next action is accepted at once.
/// </summary>
public sealed partial class AdventureGrain(
    IServiceScopeFactory scopes,
    StoryStreamer streamer,
    StoryVersions versions,
    ClusterNode node,
    LiveNodes nodes,
    ILogger<AdventureGrain> logger) : Grain, IAdventureGrain
{
    readonly AdventurePresence _presence = new(nodes.IsAlive);
    GrainKeepAlive? _keepAlive;

    Guid AdventureId => this.GetPrimaryKey();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A single process marked every unfinished continuation Interrupted when it started, and is the only writer.
        if (!node.IsCluster || streamer.Live(AdventureId) is not null)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var interrupted = await scope.ServiceProvider.GetRequiredService<AdventureRepository>().InterruptUnfinishedAsync(AdventureId, cancellationToken);
        if (interrupted > 0)
            LogInterrupted(AdventureId, interrupted);
    }

    public async Task<CommandReply> Run(AdventureCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var keeper = ActivatorUtilities.CreateInstance<AdventureKeeper>(scope.ServiceProvider, _presence);
            var result = await command.RunAsync(keeper, AdventureId);
            if (command is DeleteAdventure)
                DeactivateOnIdle();
            return CommandReply.Of(result);
        }
        catch (Exception e) when (CommandReply.Refused(e) is { } refused)
        {
            return refused;
        }
        finally
        {
            KeepAliveWhileInUse();
        }
    }

    public Task<AttachReply> Attach(AttachRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var first = request.CountsForPresence && _presence.Attach(request.ConnectionId, request.UserId, request.DisplayName, request.Node);
        KeepAliveWhileInUse();
        var live = streamer.Live(AdventureId);
        var catchUp = request.CatchUp is { } from ? live?.CatchUp(from.BlockId, from.Attempt, from.LastSequence) : null;
        return Task.FromResult(new AttachReply(first, versions.Current(AdventureId), Views.Live(live), _presence.Connected.ToArray(), catchUp));
    }

    public Task<PresenceLeft?> Detach(string connectionId)
    {
        var gone = _presence.Detach(connectionId);
        KeepAliveWhileInUse();
        return Task.FromResult(gone is { } g ? new PresenceLeft(g.UserId, g.DisplayName) : null);
    }

    public Task<bool> IsAttached(string connectionId) => Task.FromResult(_presence.IsAttached(connectionId));

    public Task<AttachReply> Peek() =>
        Task.FromResult(new AttachReply(false, versions.Current(AdventureId), Views.Live(streamer.Live(AdventureId)), _presence.Connected.ToArray(), null));

    public Task<string> Node() => Task.FromResult(node.Name);

    // It holds who is connected and the live stream: it stays while either is there.
    void KeepAliveWhileInUse()
    {
        _keepAlive ??= new GrainKeepAlive(() => _presence.Any || streamer.Live(AdventureId) is not null);
        _keepAlive.Update(this);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adventure {AdventureId}: {Count} continuation(s) left writing by a node that is gone marked Interrupted")]
    partial void LogInterrupted(Guid adventureId, int count);
}
