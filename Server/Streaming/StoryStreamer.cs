using System.Collections.Concurrent;
using System.Diagnostics;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Streaming;

/// <summary>
/// Carries each adventure's running continuation from the inference worker to its players: numbers the
/// deltas, keeps them for clients that reconnect, fans them out, and saves the text every
/// <see cref="SaveInterval"/> and at the end. Runs on the thread pool, never on the worker's thread.
/// </summary>
public sealed partial class StoryStreamer(IServiceScopeFactory scopes, IStoryBroadcaster broadcaster, ILogger<StoryStreamer> logger)
{
    readonly ConcurrentDictionary<Guid, LiveContinuation> _live = new();
    readonly ConcurrentDictionary<Task, byte> _running = new();
    volatile bool _stopping;

    /// <summary>How often a streaming continuation's text is saved.</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The adventure's continuation being written now, if any.</summary>
    public LiveContinuation? Live(Guid adventureId) => _live.GetValueOrDefault(adventureId);

    /// <summary>Every continuation being written now.</summary>
    public IReadOnlyCollection<LiveContinuation> All => _live.Values.ToArray();

    /// <summary>Registers the continuation; the caller then submits to the worker with its cancellation token and calls <see cref="Run"/>.</summary>
    /// <exception cref="InvalidOperationException">The adventure already streams one, or the server is stopping.</exception>
    public LiveContinuation Begin(Guid adventureId, Guid blockId, int attempt)
    {
        if (_stopping)
            throw new InvalidOperationException("The server is stopping.");
        var live = new LiveContinuation(adventureId, blockId, attempt);
        while (!_live.TryAdd(adventureId, live))
        {
            // A continuation whose end is being stored has already freed the story in the database, so a
            // player may act before it leaves this map: it must not refuse the next one.
            if (_live.TryGetValue(adventureId, out var old) && !old.Finishing)
                throw new InvalidOperationException($"Adventure {adventureId} already has a continuation streaming.");
            if (old is not null && _live.TryUpdate(adventureId, live, old))
                break;
        }

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
    }

    async Task PumpAsync(LiveContinuation live, GenerationStream stream)
    {
        var sinceSave = Stopwatch.StartNew();
        GenerationResult result;
        try
        {
            await foreach (var text in stream.Deltas.ReadAllAsync())
            {
                await broadcaster.DeltaAsync(live.Append(text));
                if (sinceSave.Elapsed >= SaveInterval)
                {
                    await SaveProgressAsync(live);
                    sinceSave.Restart();
                }
            }
            result = await stream.Result;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogStreamFailed(e, live.AdventureId);
            result = new GenerationResult(FinishReason.Error, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, e.Message);
        }
        await FinishAsync(live, result);
    }

    async Task SaveProgressAsync(LiveContinuation live)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IContinuationSink>().SaveProgressAsync(live.AdventureId, live.BlockId, live.Text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed interim save is retried at the next interval and at the end; the stream goes on.
            LogSaveFailed(e, live.AdventureId);
        }
    }

    async Task FinishAsync(LiveContinuation live, GenerationResult result)
    {
        ContinuationEndState end;
        live.MarkFinishing();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            end = await scope.ServiceProvider.GetRequiredService<IContinuationSink>().CompleteAsync(live.AdventureId, live.BlockId, live.Text, result, _stopping);
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
        await broadcaster.EndedAsync(new ContinuationEnded(live.AdventureId, live.BlockId, live.Attempt, live.LastSequence, end.Text, end.State, end.Message));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The stream of adventure {AdventureId} failed")]
    partial void LogStreamFailed(Exception e, Guid adventureId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the continuation of adventure {AdventureId} failed")]
    partial void LogSaveFailed(Exception e, Guid adventureId);
}
