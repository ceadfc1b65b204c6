using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Serialization;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Hubs;

/// <summary>
/// A real SignalR client on one of the server's hubs that records what it is sent: each continuation's deltas
/// by block and sequence number (a repeated sequence number is dropped, as a browser client does), their end,
/// story changes and removals. Every wait has a timeout, so a test fails rather than hangs.
/// </summary>
public sealed class PlayerConnection : IAsyncDisposable
{
    /// <summary>How long any wait lasts before the test fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    readonly ConcurrentDictionary<Guid, SortedDictionary<int, string>> _deltas = new();
    readonly ConcurrentDictionary<Guid, int> _attempts = new();
    readonly ConcurrentDictionary<Guid, TaskCompletionSource<ContinuationEnded>> _ended = new();
    readonly TaskCompletionSource<(Guid AdventureId, string Reason)> _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentQueue<StoryUpdate> _stories = new();
    readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _duplicates;

    PlayerConnection(HubConnection hub, string userName)
    {
        Hub = hub;
        UserName = userName;
        hub.On<StoryDelta>(nameof(StoryDelta), Record);
        hub.On<ContinuationEnded>(nameof(ContinuationEnded), e => EndOf(e.BlockId).TrySetResult(e));
        hub.On<StoryUpdate>("StoryChanged", OnStory);
        hub.On<Guid, string>("Removed", (id, reason) => _removed.TrySetResult((id, reason)));
        hub.Closed += e =>
        {
            _closed.TrySetResult(e);
            return Task.CompletedTask;
        };
    }

    /// <summary>The underlying connection, for direct calls.</summary>
    public HubConnection Hub { get; }

    public string UserName { get; }

    /// <summary>Deltas that arrived with a sequence number already seen (dropped).</summary>
    public int Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Raised (on the connection's thread) for every delta received, before it is recorded.</summary>
    public event Action<StoryDelta>? DeltaReceived;

    /// <summary>Opens a connection to <paramref name="path"/> (<c>/hubs/play</c> or <c>/hubs/gm</c>) with a bearer token.</summary>
    public static async Task<PlayerConnection> ConnectAsync(Uri server, string token, string userName, string path = "/hubs/play")
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server, path), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var connection = new PlayerConnection(hub, userName);
        using var timeout = new CancellationTokenSource(Timeout);
        await hub.StartAsync(timeout.Token);
        return connection;
    }

    /// <summary>Invokes a hub method, failing the test after <see cref="Timeout"/>.</summary>
    public async Task<T> CallAsync<T>(string method, params object?[] args)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await Hub.InvokeCoreAsync<T>(method, args, timeout.Token);
    }

    /// <summary>Invokes a hub method without a result, failing the test after <see cref="Timeout"/>.</summary>
    public async Task CallAsync(string method, params object?[] args)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await Hub.InvokeCoreAsync(method, args, timeout.Token);
    }

    /// <summary>The text the deltas of <paramref name="blockId"/> built up, in sequence order.</summary>
    public string StreamedText(Guid blockId)
    {
        var deltas = Deltas(blockId);
        lock (deltas)
            return string.Concat(deltas.Values);
    }

    /// <summary>The sequence numbers received for <paramref name="blockId"/>, in order.</summary>
    public IReadOnlyList<int> Sequences(Guid blockId)
    {
        var deltas = Deltas(blockId);
        lock (deltas)
            return deltas.Keys.ToArray();
    }

    /// <summary>The highest sequence number received for <paramref name="blockId"/> (0 before any).</summary>
    public int LastSequence(Guid blockId)
    {
        var deltas = Deltas(blockId);
        lock (deltas)
            return deltas.Count == 0 ? 0 : deltas.Keys.Max();
    }

    /// <summary>Records deltas a catch-up returned (with the same dedupe as live ones).</summary>
    public void Apply(StreamCatchUp catchUp)
    {
        ArgumentNullException.ThrowIfNull(catchUp);
        foreach (var delta in catchUp.Missed)
            Record(delta);
    }

    /// <summary>
    /// Seeds a block's text from a snapshot (an <see cref="AdventureView"/>'s live block): the snapshot stands for
    /// sequences 1..N; deltas after N that already arrived over the connection are kept.
    /// </summary>
    public void Seed(LiveBlockView live)
    {
        ArgumentNullException.ThrowIfNull(live);
        var deltas = Deltas(live.BlockId);
        lock (deltas)
        {
            if (live.Attempt != _attempts.GetValueOrDefault(live.BlockId))
            {
                deltas.Clear();
                _attempts[live.BlockId] = live.Attempt;
            }

            foreach (var covered in deltas.Keys.Where(k => k <= live.LastSequence).ToArray())
                deltas.Remove(covered);
            for (var s = 1; s < live.LastSequence; s++)
                deltas[s] = string.Empty;
            if (live.LastSequence > 0)
                deltas[live.LastSequence] = live.Text;
        }
    }

    /// <summary>The deltas received for <paramref name="blockId"/>, in sequence order.</summary>
    public IReadOnlyList<StoryDelta> DeltasOf(Guid adventureId, Guid blockId)
    {
        var deltas = Deltas(blockId);
        lock (deltas)
            return deltas.Select(d => new StoryDelta(adventureId, blockId, Attempt(blockId), d.Key, d.Value)).ToArray();
    }

    /// <summary>The attempt of <paramref name="blockId"/> whose deltas are recorded (0 before any).</summary>
    public int Attempt(Guid blockId) => _attempts.GetValueOrDefault(blockId);

    /// <summary>Waits for the end of the continuation <paramref name="blockId"/>.</summary>
    public Task<ContinuationEnded> WaitForEndAsync(Guid blockId) => EndOf(blockId).Task.WaitAsync(Timeout);

    /// <summary>Waits for the first delta of <paramref name="blockId"/>.</summary>
    public async Task WaitForDeltaAsync(Guid blockId)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (LastSequence(blockId) == 0)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{UserName} got no delta of block {blockId}.");
            await Task.Delay(5);
        }
    }

    /// <summary>Waits until the server removes this connection from an adventure (kick or ban).</summary>
    public Task<(Guid AdventureId, string Reason)> WaitForRemovedAsync() => _removed.Task.WaitAsync(Timeout);

    /// <summary>Waits until the connection is closed (by the server or the client).</summary>
    public Task<Exception?> WaitForClosedAsync() => _closed.Task.WaitAsync(Timeout);

    /// <summary>The story updates received so far.</summary>
    public IReadOnlyList<StoryUpdate> Stories => _stories.ToArray();

    public async ValueTask DisposeAsync() => await Hub.DisposeAsync();

    void Record(StoryDelta delta)
    {
        DeltaReceived?.Invoke(delta);
        var deltas = Deltas(delta.BlockId);
        lock (deltas)
        {
            // Each attempt (retry) numbers from 1 again: a later attempt replaces the record, an earlier one is stale.
            var attempt = _attempts.GetValueOrDefault(delta.BlockId);
            if (delta.Attempt < attempt)
                return;
            if (delta.Attempt > attempt)
            {
                deltas.Clear();
                _attempts[delta.BlockId] = delta.Attempt;
            }

            if (!deltas.TryAdd(delta.Sequence, delta.Text))
                Interlocked.Increment(ref _duplicates);
        }
    }

    void OnStory(StoryUpdate update)
    {
        _stories.Enqueue(update);
        // A retry writes the same block again from sequence 1: start its record afresh. Only an end that
        // already came is forgotten: a test on another connection may already be waiting for this one.
        foreach (var block in update.Blocks.Where(b => b.State == "Writing"))
        {
            var deltas = Deltas(block.Id);
            lock (deltas)
                deltas.Clear();
            if (_ended.TryGetValue(block.Id, out var end) && end.Task.IsCompleted)
                _ended.TryRemove(new KeyValuePair<Guid, TaskCompletionSource<ContinuationEnded>>(block.Id, end));
        }
    }

    SortedDictionary<int, string> Deltas(Guid blockId) => _deltas.GetOrAdd(blockId, _ => new SortedDictionary<int, string>());

    TaskCompletionSource<ContinuationEnded> EndOf(Guid blockId) =>
        _ended.GetOrAdd(blockId, _ => new TaskCompletionSource<ContinuationEnded>(TaskCreationOptions.RunContinuationsAsynchronously));
}
