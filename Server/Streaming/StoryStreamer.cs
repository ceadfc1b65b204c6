using System.Collections.Concurrent;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;

namespace AdventureServer.Server.Streaming;

/// <summary>
/// Carries each adventure's running continuation from the inference worker to its players: numbers the
/// deltas, keeps them for clients that reconnect, fans them out, and saves the text at the end. While
/// they stream, one saver loop stores the text of every continuation that grew, every
/// <see cref="SaveInterval"/>, in one transaction for all of them: a crash (<c>kill -9</c>) then loses at
/// most the last interval plus one save of text the players saw, and a hundred streams cost one commit
/// per interval, not a hundred. Runs on the thread pool, never on the worker's thread.
/// </summary>
public sealed partial class StoryStreamer(IServiceScopeFactory scopes, IStoryBroadcaster broadcaster, ILogger<StoryStreamer> logger)
{
    readonly ConcurrentDictionary<Guid, LiveContinuation> _live = new();
    readonly ConcurrentDictionary<Task, byte> _running = new();
    readonly CancellationTokenSource _saverStop = new();
    readonly Lock _saverLock = new();
    Task? _saver;
    volatile bool _stopping;

    /// <summary>
    /// How often the text of streaming continuations is saved. The default keeps what a crash loses
    /// under 250 ms of stream: this interval, plus the time one save takes.
    /// </summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The adventure's continuation being written now, if any.</summary>
    public LiveContinuation? Live(Guid adventureId) => _live.GetValueOrDefault(adventureId);

    /// <summary>Every continuation being written now.</summary>
    public IReadOnlyCollection<LiveContinuation> All => _live.Values.ToArray();

    /// <summary>Registers the continuation; the caller then submits to the worker with its cancellation token and calls <see cref="Run"/>.</summary>
    /// <exception cref="InvalidOperationException">The adventure already streams one, or the server is stopping.</exception>
    /// <param name="adventureId">The adventure.</param>
    /// <param name="blockId">The continuation's block.</param>
    /// <param name="attempt">Which attempt at the block this is (its alternative's number).</param>
    /// <param name="stopSequences">The adventure's stop sequences, which the end cuts from the text.</param>
    public LiveContinuation Begin(Guid adventureId, Guid blockId, int attempt, IReadOnlyList<string>? stopSequences = null)
    {
        if (_stopping)
            throw new InvalidOperationException("The server is stopping.");
        var live = new LiveContinuation(adventureId, blockId, attempt) { StopSequences = stopSequences ?? [] };
        while (!_live.TryAdd(adventureId, live))
        {
            // A continuation whose end is being stored has already freed the story in the database, so a
            // player may act before it leaves this map: it must not refuse the next one.
            if (_live.TryGetValue(adventureId, out var old) && !old.Finishing)
                throw new InvalidOperationException($"Adventure {adventureId} already has a continuation streaming.");
            if (old is not null && _live.TryUpdate(adventureId, live, old))
                break;
        }

        StartSaver();
        return live;
    }

    /// <summary>Forgets a continuation that never started (the worker refused it).</summary>
    public void Abandon(LiveContinuation live) => _live.TryRemove(new KeyValuePair<Guid, LiveContinuation>(live.AdventureId, live));

    /// <summary>Streams <paramref name="stream"/> into <paramref name="live"/> in the background.</summary>
    public Task Run(LiveContinuation live, GenerationStream stream)
    {
        var task = Task.Run(() => PumpAsync(live, stream));
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return task;
    }

    /// <summary>Asks the adventure's running continuation to stop; true when there was one.</summary>
    public bool Cancel(Guid adventureId)
    {
        if (!_live.TryGetValue(adventureId, out var live))
            return false;
        live.Cancellation.Cancel();
        return true;
    }

    /// <summary>Stops every continuation and waits until each has been saved (server shutdown).</summary>
    public async Task StopAllAsync()
    {
        _stopping = true;
        foreach (var live in _live.Values)
            await live.Cancellation.CancelAsync();
        await Task.WhenAll(_running.Keys);
        // Every continuation has had its final save; the saver has nothing left to do.
        await _saverStop.CancelAsync();
        Task? saver;
        lock (_saverLock)
            saver = _saver;
        if (saver is not null)
            await saver;
    }

    async Task PumpAsync(LiveContinuation live, GenerationStream stream)
    {
        GenerationResult result;
        try
        {
            // Appended before it is sent, so the saver stores every delta a player can have seen.
            await foreach (var text in stream.Deltas.ReadAllAsync())
                await broadcaster.DeltaAsync(live.Append(text));
            result = await stream.Result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStreamFailed(e, live.AdventureId);
            result = new GenerationResult(FinishReason.Error, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, e.Message);
        }
        await FinishAsync(live, result);
    }

    void StartSaver()
    {
        lock (_saverLock)
            _saver ??= Task.Run(SaveLoopAsync);
    }

    async Task SaveLoopAsync()
    {
        using var timer = new PeriodicTimer(SaveInterval);
        try
        {
            // A save slower than the interval makes the timer skip ticks rather than queue them.
            while (await timer.WaitForNextTickAsync(_saverStop.Token))
                await SaveProgressAsync();
        }
        catch (OperationCanceledException) when (_saverStop.IsCancellationRequested)
        {
            // Stopped by StopAllAsync.
        }
    }

    async Task SaveProgressAsync()
    {
        var due = new List<(LiveContinuation Live, int Length)>();
        var texts = new List<ContinuationText>();
        foreach (var live in _live.Values)
        {
            var (text, _) = live.Snapshot();
            // The text only grows, so a length that differs from the stored one means new text.
            if (text.Length == live.SavedLength)
                continue;
            due.Add((live, text.Length));
            texts.Add(new ContinuationText(live.AdventureId, live.BlockId, text));
        }

        if (texts.Count == 0)
            return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IContinuationSink>().SaveProgressAsync(texts);
            foreach (var (live, length) in due)
                live.SavedLength = length;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed interim save is retried at the next interval and at the end; the streams go on.
            LogProgressSaveFailed(e, texts.Count);
        }
    }

    async Task FinishAsync(LiveContinuation live, GenerationResult result)
    {
        ContinuationEndState end;
        live.MarkFinishing();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            end = await scope.ServiceProvider.GetRequiredService<IContinuationSink>()
                .CompleteAsync(live.AdventureId, live.BlockId, live.Text, live.StopSequences, result, _stopping);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogSaveFailed(e, live.AdventureId);
            end = new ContinuationEndState(live.Text, "Failed", "The story could not be saved.");
        }
        finally
        {
            _live.TryRemove(new KeyValuePair<Guid, LiveContinuation>(live.AdventureId, live));
        }
        await broadcaster.EndedAsync(new ContinuationEnded(live.AdventureId, live.BlockId, live.Attempt, live.LastSequence, end.Text, end.State, end.Message, result.ModelName));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The stream of adventure {AdventureId} failed")]
    partial void LogStreamFailed(Exception e, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the continuation of adventure {AdventureId} failed")]
    partial void LogSaveFailed(Exception e, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the text so far of {Count} streaming continuations failed")]
    partial void LogProgressSaveFailed(Exception e, int count);
}
