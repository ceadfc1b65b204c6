using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;
using AdventureServer.Server.Hubs.Contracts;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>
/// A player's (<c>/hubs/play</c>) or game master's (<c>/hubs/gm</c>) connection in the cluster tests, behaving as the
/// browser client does: WebSockets without negotiation (so it works through nginx without sticky sessions), what it
/// is sent applied by the contract (the load tester's <see cref="ReceivedStory"/>), a gap in a stream filled with
/// <c>Resume</c> from the last sequence number it holds, a stream silent for <see cref="Silence"/> resynced, and a
/// reconnect to another address. It counts what would be the server's faults: a delta sent twice, a gap.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    /// <summary>How long any one call may take.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a followed stream may be silent before the client asks for what it missed (the browser waits 2 s).</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(2);

    // The browser client's automatic reconnect waits these long before its next attempts.
    static readonly TimeSpan[] ReconnectDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)];

    readonly string _token;
    readonly string _path;
    readonly ConcurrentDictionary<(Guid Block, int Attempt, int Sequence), byte> _live = new();
    readonly ConcurrentQueue<(double AtMs, StoryDelta Delta)> _arrivals = new();
    readonly SemaphoreSlim _resyncing = new(1, 1);
    HubConnection _hub;
    Guid? _adventureId;
    int _duplicates;
    int _gaps;
    int _resyncs;
    double _lastHeardMs = LoadClock.NowMs;

    ClusterClient(Uri address, string token, string userName, string path)
    {
        Address = address;
        _token = token;
        _path = path;
        UserName = userName;
        _hub = Build(address);
    }

    public string UserName { get; }

    /// <summary>The address the connection is open to now (a node, or the balancer).</summary>
    public Uri Address { get; private set; }

    /// <summary>Everything this client was told, applied by the hubs' contract.</summary>
    public ReceivedStory Story { get; } = new();

    /// <summary>Whether it connected again after a drop.</summary>
    public bool Reconnected { get; private set; }

    /// <summary>Live deltas that arrived with a (block, attempt, sequence) already received live: sent twice.</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Live deltas that arrived with sequence numbers missing before them.</summary>
    public int Gaps => Volatile.Read(ref _gaps);

    /// <summary>How many times it asked for what it missed (after a gap, a silence or a reconnect).</summary>
    public int Resyncs => Volatile.Read(ref _resyncs);

    /// <summary>The live deltas in arrival order, each with when it came (<see cref="LoadClock"/> ms).</summary>
    public IReadOnlyList<(double AtMs, StoryDelta Delta)> Arrivals => [.. _arrivals];

    bool IsGameMaster => _path == "/hubs/gm";

    /// <summary>Opens a connection to <paramref name="path"/> on <paramref name="address"/> with a bearer token.</summary>
    public static async Task<ClusterClient> ConnectAsync(Uri address, string token, string userName, string path = "/hubs/play")
    {
        var client = new ClusterClient(address, token, userName, path);
        using var timeout = new CancellationTokenSource(CallTimeout);
        await client._hub.StartAsync(timeout.Token);
        return client;
    }

    /// <summary>Invokes a hub method, failing after <see cref="CallTimeout"/>.</summary>
    public async Task<T> CallAsync<T>(string method, params object?[] args)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        return await _hub.InvokeCoreAsync<T>(method, args, timeout.Token);
    }

    /// <summary>Invokes a hub method without a result, failing after <see cref="CallTimeout"/>.</summary>
    public async Task CallAsync(string method, params object?[] args)
    {
        using var timeout = new CancellationTokenSource(CallTimeout);
        await _hub.InvokeCoreAsync(method, args, timeout.Token);
    }

    /// <summary>Attaches to the adventure and takes its snapshot (<c>GetAdventure</c>, or <c>Watch</c> for a game master); it is then followed.</summary>
    public async Task<AdventureView> OpenAsync(Guid adventureId)
    {
        _adventureId = adventureId;
        var view = await CallAsync<AdventureView>(IsGameMaster ? "Watch" : "GetAdventure", adventureId);
        Story.Snapshot(view);
        return view;
    }

    /// <summary>Takes a snapshot that a call returned (<c>CreateAdventure</c>, <c>Join</c>); its adventure is then followed.</summary>
    public AdventureView Follow(AdventureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        _adventureId = view.Id;
        Story.Snapshot(view);
        return view;
    }

    /// <summary>
    /// Drops this connection (if still open) and connects to <paramref name="address"/> instead, then resumes the
    /// followed adventure from the last sequence number held, as the browser does after its reconnect: an attempt
    /// that fails (refused, or closed by the server) is made again after the browser's delays, 0, 1, 2 and 5 s.
    /// </summary>
    /// <returns>How many attempts it took (1: the first worked).</returns>
    public async Task<int> ReconnectAsync(Uri address)
    {
        Reconnected = true;
        Address = address;
        for (var attempt = 1; ; attempt++)
        {
            await _hub.DisposeAsync();
            _hub = Build(address);
            try
            {
                using var timeout = new CancellationTokenSource(CallTimeout);
                await _hub.StartAsync(timeout.Token);
                // The server runs its OnConnectedAsync after the handshake and closes the connection if that fails; a
                // first call (the resume, or a cheap one when nothing is followed) is answered only after it.
                if (_adventureId is null)
                    await CallAsync<object?>(IsGameMaster ? "GetEngineState" : "ListMyAdventures");
                await ResyncAsync();
                ReconnectAttempts += attempt;
                return attempt;
            }
            catch (Exception e) when (IsTransient(e) && attempt <= ReconnectDelays.Length)
            {
                await Task.Delay(ReconnectDelays[attempt - 1]);
            }
        }
    }

    /// <summary>Connection attempts made by <see cref="ReconnectAsync"/> so far.</summary>
    public int ReconnectAttempts { get; private set; }

    /// <summary>
    /// Asks for what was missed: <c>Resume</c> after the last contiguous sequence number of the block being written; a
    /// fresh snapshot when nothing was being written, or the story moved on (another block or attempt).
    /// </summary>
    public async Task ResyncAsync()
    {
        if (_adventureId is not { } adventureId)
            return;
        await _resyncing.WaitAsync();
        try
        {
            Interlocked.Increment(ref _resyncs);
            var followed = Story.Read(() => Writing() is { } r ? (r.BlockId, r.Attempt, Contiguous(r)) : ((Guid, int, int)?)null);
            if (followed is { } f)
            {
                var catchUp = await CallAsync<StreamCatchUp?>("Resume", adventureId, f.Item1, f.Item2, f.Item3);
                if (catchUp is not null)
                    Story.CatchUp(catchUp, LoadClock.NowMs);
                if (catchUp is not null && catchUp.BlockId == f.Item1 && catchUp.Attempt == f.Item2)
                    return;
            }
            else
            {
                var catchUp = await CallAsync<StreamCatchUp?>("Resume", adventureId, null, 0, 0);
                if (catchUp is not null)
                    Story.CatchUp(catchUp, LoadClock.NowMs);
            }

            await OpenAsync(adventureId);
        }
        finally
        {
            _resyncing.Release();
        }
    }

    /// <summary>
    /// Waits until the continuation <paramref name="blockId"/> has ended for this client, resyncing (as the browser
    /// does) whenever nothing arrived for <see cref="Silence"/>; fails after <paramref name="bound"/>.
    /// </summary>
    public async Task<ContinuationEnded> FollowToEndAsync(Guid blockId, TimeSpan bound)
    {
        var deadline = LoadClock.NowMs + bound.TotalMilliseconds;
        while (LoadClock.NowMs < deadline)
        {
            if (Story.Read(() => Story.Current(blockId)?.End) is { } end)
                return end;
            if (LoadClock.NowMs - Volatile.Read(ref _lastHeardMs) > Silence.TotalMilliseconds)
            {
                Volatile.Write(ref _lastHeardMs, LoadClock.NowMs);
                try
                {
                    await ResyncAsync();
                }
                catch (Exception e) when (IsTransient(e))
                {
                    // The node may be recovering; the next silence asks again.
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{UserName} did not see the end of block {blockId} within {bound}.");
    }

    /// <summary>Waits for the first delta of <paramref name="blockId"/>.</summary>
    public async Task WaitForDeltaAsync(Guid blockId, TimeSpan bound)
    {
        var deadline = LoadClock.NowMs + bound.TotalMilliseconds;
        while (Story.Read(() => Story.Current(blockId)?.LastSequence ?? 0) == 0)
        {
            if (LoadClock.NowMs > deadline)
                throw new TimeoutException($"{UserName} got no delta of block {blockId} within {bound}.");
            await Task.Delay(10);
        }
    }

    /// <summary>The text the deltas of the block's latest attempt built up, in sequence order.</summary>
    public string StreamedText(Guid blockId) => Story.Read(() => Story.Current(blockId) is { } r ? string.Concat(r.Deltas.Values) : string.Empty);

    /// <summary>The highest sequence number held of the block's latest attempt.</summary>
    public int LastSequence(Guid blockId) => Story.Read(() => Story.Current(blockId)?.LastSequence ?? 0);

    /// <summary>What this client saw, for the load tester's integrity check.</summary>
    public PlayerObservation Observe() => new(UserName, Reconnected, Story.Observe());

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _resyncing.Dispose();
    }

    HubConnection Build(Uri address)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(address, _path), HttpTransportType.WebSockets, o =>
            {
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(_token);
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        hub.On<StoryDelta>(nameof(StoryDelta), OnDelta);
        hub.On<ContinuationEnded>(nameof(ContinuationEnded), e =>
        {
            Volatile.Write(ref _lastHeardMs, LoadClock.NowMs);
            Story.Ended(e);
        });
        hub.On<StoryUpdate>("StoryChanged", u =>
        {
            Volatile.Write(ref _lastHeardMs, LoadClock.NowMs);
            Story.Story(u);
        });
        hub.On<AdventureView>("AdventureChanged", Story.Snapshot);
        return hub;
    }

    void OnDelta(StoryDelta delta)
    {
        var now = LoadClock.NowMs;
        Volatile.Write(ref _lastHeardMs, now);
        _arrivals.Enqueue((now, delta));
        if (!_live.TryAdd((delta.BlockId, delta.Attempt, delta.Sequence), 0))
            Interlocked.Increment(ref _duplicates);
        var gap = Story.Read(() =>
        {
            var record = Story.Current(delta.BlockId);
            var gapped = record is not null && record.Attempt == delta.Attempt && record.End is null && delta.Sequence > Contiguous(record) + 1;
            Story.Delta(delta, now);
            return gapped;
        });
        if (!gap)
            return;
        Interlocked.Increment(ref _gaps);
        // As the browser does: a delta after a gap asks for what is missing (never awaited on the connection's thread).
        _ = Task.Run(async () =>
        {
            try
            {
                await ResyncAsync();
            }
            catch (Exception e) when (IsTransient(e))
            {
                // A silence resyncs again.
            }
        });
    }

    /// <summary>A failure a client meets while a node dies or recovers (refused, not connected, timed out, cut off), after which it tries again.</summary>
    public static bool IsTransient(Exception e) =>
        e is HubException or InvalidOperationException or OperationCanceledException or TimeoutException or IOException
            or HttpRequestException or WebSocketException;

    // The block being written as far as this client knows: the latest attempt of any block with no end yet.
    StreamRecord? Writing()
    {
        foreach (var (blockId, _) in Story.Observe())
        {
            if (Story.Current(blockId) is { End: null } record)
                return record;
        }

        return null;
    }

    // The highest sequence n such that every sequence up to n is held (a seeded record starts at its snapshot's).
    static int Contiguous(StreamRecord record)
    {
        var keys = record.Deltas.Keys;
        if (keys.Count == 0)
            return 0;
        var first = keys.First();
        if (first != 1 && !record.Seeded)
            return 0;
        var last = first;
        foreach (var key in keys.Skip(1))
        {
            if (key != last + 1)
                break;
            last = key;
        }

        return last;
    }
}
