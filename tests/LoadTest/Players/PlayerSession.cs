using System.Text.Json.Serialization;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One simulated player's SignalR connection to <c>/hubs/play</c> and what it was sent: every continuation by
/// block and generation (the pattern of the server tests' PlayerConnection), whether the story is being written,
/// and whose turn it is. Every call has a timeout.
/// </summary>
public sealed class PlayerSession : IAsyncDisposable
{
    /// <summary>The longest any one hub call may take before it counts as failed.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(60);

    readonly Lock _gate = new();
    readonly Dictionary<Guid, List<StreamRecord>> _blocks = [];
    Guid? _writing;
    string? _nextActorId;

    PlayerSession(HubConnection hub, string userName)
    {
        Hub = hub;
        UserName = userName;
        hub.On<StoryDelta>(nameof(StoryDelta), d => Record(d, LoadClock.NowMs));
        hub.On<ContinuationEnded>(nameof(ContinuationEnded), OnEnded);
        hub.On<StoryUpdate>("StoryChanged", OnStory);
    }

    public HubConnection Hub { get; }

    public string UserName { get; }

    /// <summary>This account's user id, once the adventure's member list told it.</summary>
    public string? UserId { get; set; }

    /// <summary>Whether this session dropped and resumed its connection at least once.</summary>
    public bool Reconnected { get; private set; }

    /// <summary>Whether a continuation is being written, as far as this connection was told.</summary>
    public bool IsWriting
    {
        get
        {
            lock (_gate)
                return _writing is not null;
        }
    }

    /// <summary>Whose turn it is under a round-robin policy (null: anyone's).</summary>
    public string? NextActorId
    {
        get
        {
            lock (_gate)
                return _nextActorId;
        }
    }

    /// <summary>Connects with a bearer token.</summary>
    public static async Task<PlayerSession> ConnectAsync(Uri server, string token, string userName, CancellationToken cancel)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/play"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
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

    /// <summary>The block's latest record (generation), or null before anything of it arrived.</summary>
    public StreamRecord? Current(Guid blockId)
    {
        lock (_gate)
            return _blocks.TryGetValue(blockId, out var list) ? list[^1] : null;
    }

    /// <summary>Runs <paramref name="read"/> under the lock that guards every record.</summary>
    public T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
            return read();
    }

    /// <summary>Takes the story's state from a snapshot (after a join or a reconnect).</summary>
    public void Apply(AdventureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_gate)
        {
            _nextActorId = view.NextActorId;
            _writing = view.Live?.BlockId;
            UserId ??= view.Members.FirstOrDefault(m => m.DisplayName == UserName)?.UserId;
            if (view.Live is { } live)
            {
                var list = _blocks.GetValueOrDefault(live.BlockId);
                var record = list is not null && list[^1].End is null ? list[^1] : Generation(live.BlockId, newOne: true);
                if (record.Deltas.Count == 0 && live.LastSequence > 0)
                {
                    // The snapshot stands for every delta up to LastSequence; only later ones can be checked.
                    record.Seeded = true;
                    record.Deltas[live.LastSequence] = live.Text;
                }
            }

            foreach (var block in view.Blocks)
            {
                if (block.State != "Writing" && _blocks.TryGetValue(block.Id, out var list) && list[^1].End is null)
                    list[^1].Finish(new ContinuationEnded(view.Id, block.Id, list[^1].LastSequence, block.Text, block.State, null), fromSnapshot: true);
            }
        }
    }

    /// <summary>Records the deltas a catch-up returned, with the same dedupe as live ones.</summary>
    public void Apply(StreamCatchUp catchUp)
    {
        ArgumentNullException.ThrowIfNull(catchUp);
        var now = LoadClock.NowMs;
        foreach (var delta in catchUp.Missed)
            Record(delta, now);
    }

    /// <summary>Drops the connection and opens it again (a player whose network blinked).</summary>
    public async Task ReconnectAsync(Guid blockId, CancellationToken cancel)
    {
        lock (_gate)
        {
            Reconnected = true;
            if (_blocks.TryGetValue(blockId, out var list))
                list[^1].Interrupted = true;
        }

        using var timeout = Timeout(cancel);
        await Hub.StopAsync(timeout.Token);
        await Hub.StartAsync(timeout.Token);
    }

    /// <summary>Every record, copied out for the integrity check.</summary>
    public PlayerObservation Observe()
    {
        lock (_gate)
            return new PlayerObservation(UserName, Reconnected, _blocks.ToDictionary(b => b.Key, b => (IReadOnlyList<StreamObservation>)[.. b.Value.Select(r => r.Observe())]));
    }

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();

    static CancellationTokenSource Timeout(CancellationToken cancel)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(CallTimeout);
        return timeout;
    }

    void Record(StoryDelta delta, double atMs)
    {
        lock (_gate)
        {
            var list = _blocks.GetValueOrDefault(delta.BlockId);
            // A delta for a block whose last generation ended is a retry whose StoryChanged this connection missed,
            // unless it repeats a sequence number that generation already has.
            var fresh = list is null || (list[^1].End is not null && !list[^1].Deltas.ContainsKey(delta.Sequence));
            Generation(delta.BlockId, fresh).Add(delta, atMs);
        }
    }

    void OnEnded(ContinuationEnded ended)
    {
        lock (_gate)
        {
            Generation(ended.BlockId, newOne: false).Finish(ended, fromSnapshot: false);
            if (_writing == ended.BlockId)
                _writing = null;
        }
    }

    void OnStory(StoryUpdate update)
    {
        lock (_gate)
        {
            _nextActorId = update.NextActorId;
            _writing = null;
            foreach (var block in update.Blocks.Where(b => b.State == "Writing"))
            {
                _writing = block.Id;
                // A retry writes the same block again from sequence 1: a new generation.
                var list = _blocks.GetValueOrDefault(block.Id);
                if (list is not null && list[^1].End is not null)
                    Generation(block.Id, newOne: true);
                else
                    Generation(block.Id, newOne: false);
            }
        }
    }

    StreamRecord Generation(Guid blockId, bool newOne)
    {
        if (!_blocks.TryGetValue(blockId, out var list))
            _blocks[blockId] = list = [];
        if (newOne || list.Count == 0)
            list.Add(new StreamRecord(blockId));
        return list[^1];
    }
}
