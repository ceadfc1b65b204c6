using System.Text.Json.Serialization;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One simulated player's SignalR connection to <c>/hubs/play</c> and what it was sent: every continuation by
/// block and attempt (see <see cref="ReceivedStory"/>), whether the story is being written, and whose turn it is. Every call has a timeout.
/// </summary>
public sealed class PlayerSession : IAsyncDisposable
{
    /// <summary>The longest any one hub call may take before it counts as failed.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    PlayerSession(HubConnection hub, string userName)
    {
        Hub = hub;
        UserName = userName;
        hub.On<StoryDelta>(nameof(StoryDelta), d => Story.Delta(d, LoadClock.NowMs));
        hub.On<ContinuationEnded>(nameof(ContinuationEnded), Story.Ended);
        hub.On<StoryUpdate>("StoryChanged", Story.Story);
        hub.On<AdventureView>("AdventureChanged", Story.Snapshot);
    }

    /// <summary>Everything this connection was told, applied by the contract.</summary>
    public ReceivedStory Story { get; } = new();

    public HubConnection Hub { get; }

    public string UserName { get; }

    /// <summary>This account's user id, once the adventure's member list told it.</summary>
    public string? UserId { get; set; }

    /// <summary>Whether this session dropped and resumed its connection at least once.</summary>
    public bool Reconnected { get; private set; }

    /// <summary>Whether a continuation is being written, as far as this connection was told.</summary>
    public bool IsWriting => Story.IsWriting;

    /// <summary>Whose turn it is under a round-robin policy (null: anyone's).</summary>
    public string? NextActorId => Story.NextActorId;

    /// <summary>
    /// Connects with a bearer token, over WebSockets without the negotiate request, as the browser client does: the
    /// connection is one request, so it works through a load balancer without sticky sessions.
    /// </summary>
    public static async Task<PlayerSession> ConnectAsync(Uri server, string token, string userName, CancellationToken cancel)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/play"), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        hub.ServerTimeout = TimeSpan.FromSeconds(60);
        var session = new PlayerSession(hub, userName);
        using var timeout = Timeout(cancel);
        await hub.StartAsync(timeout.Token);
        return session;
    }

    public async Task<T> CallAsync<T>(string method, CancellationToken cancel, params object?[] args)
    {
        using var timeout = Timeout(cancel);
        return await Hub.InvokeCoreAsync<T>(method, args, timeout.Token);
    }

    public async Task CallAsync(string method, CancellationToken cancel, params object?[] args)
    {
        using var timeout = Timeout(cancel);
        await Hub.InvokeCoreAsync(method, args, timeout.Token);
    }

    /// <summary>The record of the block's latest attempt, or null before anything of it arrived.</summary>
    public StreamRecord? Current(Guid blockId) => Story.Current(blockId);

    /// <summary>Each block's latest attempt received so far.</summary>
    public IReadOnlyDictionary<Guid, int> LatestAttempts() => Story.LatestAttempts();

    /// <summary>Runs <paramref name="read"/> under the lock that guards every record.</summary>
    public T Read<T>(Func<T> read) => Story.Read(read);

    /// <summary>Takes a snapshot (after a join or a reconnect); it may arrive after live messages that overtook it.</summary>
    public void Apply(AdventureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        UserId ??= view.Members.FirstOrDefault(m => m.DisplayName == UserName)?.UserId;
        Story.Snapshot(view);
    }

    /// <summary>Records the deltas a catch-up returned, with the same dedupe as live ones.</summary>
    public void Apply(StreamCatchUp catchUp) => Story.CatchUp(catchUp, LoadClock.NowMs);

    /// <summary>Drops the connection and opens it again (a player whose network blinked).</summary>
    public async Task ReconnectAsync(Guid blockId, CancellationToken cancel)
    {
        Reconnected = true;
        Story.Interrupt(blockId);

        using var timeout = Timeout(cancel);
        await Hub.StopAsync(timeout.Token);
        await Hub.StartAsync(timeout.Token);
    }

    /// <summary>Every record, copied out for the integrity check.</summary>
    public PlayerObservation Observe() => new(UserName, Reconnected, Story.Observe());

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();

    static CancellationTokenSource Timeout(CancellationToken cancel)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(CallTimeout);
        return timeout;
    }
}
