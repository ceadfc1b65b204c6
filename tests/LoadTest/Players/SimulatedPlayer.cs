using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One player's turn loop: wait for the story to be free (and for its turn under round-robin), think, then act,
/// retry or undo; read the continuation to its end, sometimes dropping the connection and resuming mid-stream.
/// Bounded: at most ten attempts per wanted action, each wait with a timeout, all under the run's cancellation.
/// </summary>
public sealed class SimulatedPlayer(PlayerSession session, Guid adventureId, LoadOptions options, LoadRecorder recorder, Random random)
{
    /// <summary>Refusals that a busy, rate-limited or turn-based game gives in normal play (not failures).</summary>
    public static readonly IReadOnlySet<string> ExpectedRefusals = new HashSet<string>(StringComparer.Ordinal)
    {
        "Busy", "NotYourTurn", "RateLimited", "NothingToUndo", "NothingToRetry", "Conflict",
    };

    static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(120);
    static readonly string[] Deeds = ["I open the door", "I light a torch", "I look around", "I climb the stairs", "I call out", "I search the chest"];

    Guid? _lastOwn;

    public async Task RunAsync(CancellationToken cancel)
    {
        var done = 0;
        for (var attempt = 0; done < options.Actions && attempt < options.Actions * 10 && !cancel.IsCancellationRequested; attempt++)
        {
            try
            {
                await WaitForTurnAsync(cancel);
                await Task.Delay(TimeSpan.FromMilliseconds(options.ThinkMs * (0.5 + random.NextDouble())), cancel);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryOneAsync(cancel))
                done++;
        }
    }

    /// <summary>One action; true when the server accepted it (whatever came of the stream).</summary>
    async Task<bool> TryOneAsync(CancellationToken cancel)
    {
        var roll = random.NextDouble();
        // A retry roll before the player wrote anything of its own is an act (not an undo nobody asked for).
        var kind = roll < options.RetryChance ? (_lastOwn is not null ? "Retry" : "Act")
            : roll < options.RetryChance + options.UndoChance ? "Undo"
            : "Act";
        recorder.ActionSent();
        try
        {
            if (kind == "Undo")
            {
                await session.CallAsync("Undo", cancel, adventureId);
                recorder.ActionCompleted();
                return true;
            }

            // A retry writes the story's last continuation again, whoever's it was: its new attempt is the one after
            // what had arrived of that block before the call. (Taking the player's own last block instead let a retry of
            // a party member's block be "followed" by its finished attempt, and the run could end mid-stream.)
            var before = session.LatestAttempts();
            var start = LoadClock.NowMs;
            var blockId = kind == "Retry"
                ? await session.CallAsync<Guid>("Retry", cancel, adventureId)
                : await session.CallAsync<Guid>("Act", cancel, adventureId, ActionKind.Do, Deeds[random.Next(Deeds.Length)]);
            _lastOwn = blockId;
            await FollowAsync(blockId, before.GetValueOrDefault(blockId), start, cancel);
            return true;
        }
        catch (HubException e)
        {
            var reason = Reason(e.Message);
            if (ExpectedRefusals.Contains(reason))
                recorder.ActionRefused(reason);
            else
                recorder.ActionFailed(reason, e.Message);
            if (reason == "RateLimited")
                await Task.Delay(TimeSpan.FromSeconds(3), cancel).ContinueWith(_ => { }, TaskScheduler.Default);
            return false;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            recorder.ActionFailed("CutByDuration");
            return false;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            recorder.ActionFailed("Timeout", e.Message);
            return false;
        }
#pragma warning disable CA1031 // A player that meets any other error counts it and plays on, as a person would reload.
        catch (Exception e)
#pragma warning restore CA1031
        {
            recorder.ActionFailed(e.GetType().Name, e.Message);
            return false;
        }
    }

    /// <summary>Reads the accepted continuation to its end and records its timings.</summary>
    async Task FollowAsync(Guid blockId, int afterAttempt, double start, CancellationToken cancel)
    {
        var record = await NewRecordAsync(blockId, afterAttempt, cancel);
        if (random.NextDouble() < options.ReconnectChance)
        {
            await record.FirstDelta.WaitAsync(StreamTimeout, cancel);
            await ResumeAfterDropAsync(blockId, cancel);
        }

        try
        {
            await record.Ended.WaitAsync(StreamTimeout, cancel);
        }
        catch (TimeoutException)
        {
            recorder.ActionFailed("Lost", $"block {blockId} never ended");
            return;
        }

        var (arrivals, seeded, interrupted, state, superseded) = session.Read(() =>
            (record.Arrivals.ToArray(), record.Seeded, record.Interrupted, record.End?.State, record.Superseded));
        if (arrivals.Length > 0 && !seeded)
            recorder.TimeToFirstToken(start, arrivals[0] - start);
        if (!interrupted)
            recorder.TimeBetweenTokens(arrivals);
        recorder.DeltasArrived(arrivals);
        // A continuation retried by someone else while this player was away had ended first (a story being written
        // refuses a retry); this player just never saw how.
        if (state == "Done" || superseded)
            recorder.ActionCompleted();
        else
            recorder.ActionFailed("Ended" + state, $"block {blockId}");
    }

    /// <summary>Drops the connection, reconnects, and asks for what was missed, as a browser does after a blink.</summary>
    async Task ResumeAfterDropAsync(Guid blockId, CancellationToken cancel)
    {
        await session.ReconnectAsync(blockId, cancel);
        recorder.Reconnected();
        var (attempt, last) = session.Read(() => session.Current(blockId) is { } r ? (r.Attempt, r.LastSequence) : (0, 0));
        var catchUp = await session.CallAsync<StreamCatchUp?>("Resume", cancel, adventureId, blockId, attempt, last);
        if (catchUp is not null)
            session.Apply(catchUp);
        // Anything but the attempt this player followed means the story moved on while it was away.
        if (catchUp is null || catchUp.BlockId != blockId || catchUp.Attempt != attempt)
        {
            session.Story.CatchUpGone(blockId, attempt);
            session.Apply(await session.CallAsync<AdventureView>("GetAdventure", cancel, adventureId));
        }
    }

    /// <summary>The record of this call's continuation: an attempt after <paramref name="afterAttempt"/> (0 for a new block).</summary>
    async Task<StreamRecord> NewRecordAsync(Guid blockId, int afterAttempt, CancellationToken cancel)
    {
        var deadline = LoadClock.NowMs + StreamTimeout.TotalMilliseconds;
        while (true)
        {
            var current = session.Current(blockId);
            if (current is not null && current.Attempt > afterAttempt)
                return current;
            if (LoadClock.NowMs > deadline)
                throw new TimeoutException($"Nothing of block {blockId} arrived.");
            await Task.Delay(10, cancel);
        }
    }

    async Task WaitForTurnAsync(CancellationToken cancel)
    {
        // Bounded: after the stream timeout the player acts anyway and the server's refusal is counted.
        var deadline = LoadClock.NowMs + StreamTimeout.TotalMilliseconds;
        while (LoadClock.NowMs < deadline && (session.IsWriting || !MyTurn()))
            await Task.Delay(20, cancel);
    }

    bool MyTurn() => options.TurnPolicy != "RoundRobin" || session.NextActorId is null || session.NextActorId == session.UserId;

    /// <summary>The reason a refusal starts with (<c>Busy: The story is being written</c> gives <c>Busy</c>).</summary>
    public static string Reason(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // SignalR may prefix the message with its own text; the reason is the word before the first colon.
        var text = message.Contains("HubException: ", StringComparison.Ordinal) ? message[(message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..] : message;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var word = colon > 0 ? text[..colon].Trim() : string.Empty;
        return word.Length > 0 && word.All(char.IsLetter) ? word : "Unknown";
    }
}
