using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// What one connection was told about one party's story, applied by the hubs' contract: each attempt at a
/// continuation is its own record, keyed by (block, attempt), filled by that attempt's deltas in sequence
/// order and closed by its end, in whatever order snapshots, catch-ups, deltas and ends arrive. A snapshot
/// older than the newest version applied is dropped (a live block is keyed by its attempt and sequence, so
/// its live text is used even then); story updates carry only changed blocks. Thread-safe.
/// </summary>
public sealed class ReceivedStory
{
    readonly Lock _gate = new();
    readonly Dictionary<Guid, SortedList<int, StreamRecord>> _blocks = [];
    (Guid Block, int Attempt)? _writing;
    string? _nextActorId;
    long _version = long.MinValue;

    /// <summary>Whether a continuation is being written, as far as this connection was told.</summary>
    public bool IsWriting
    {
        get
        {
            lock (_gate)
                return _writing is { } w && Record(w.Block, w.Attempt).End is null;
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

    /// <summary>The newest version of the story applied.</summary>
    public long Version
    {
        get
        {
            lock (_gate)
                return _version;
        }
    }

    /// <summary>The record of the block's latest attempt, or null before anything of it arrived.</summary>
    public StreamRecord? Current(Guid blockId)
    {
        lock (_gate)
            return _blocks.TryGetValue(blockId, out var attempts) ? attempts.Values[^1] : null;
    }

    /// <summary>Each block's latest attempt received so far.</summary>
    public IReadOnlyDictionary<Guid, int> LatestAttempts()
    {
        lock (_gate)
            return _blocks.Where(b => b.Value.Count > 0).ToDictionary(b => b.Key, b => b.Value.Keys[^1]);
    }

    /// <summary>Runs <paramref name="read"/> under the lock that guards every record.</summary>
    public T Read<T>(Func<T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        lock (_gate)
            return read();
    }

    public void Delta(StoryDelta delta, double atMs)
    {
        ArgumentNullException.ThrowIfNull(delta);
        lock (_gate)
            Record(delta.BlockId, delta.Attempt).Add(delta, atMs);
    }

    public void Ended(ContinuationEnded ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        lock (_gate)
            Record(ended.BlockId, ended.Attempt).Finish(ended, fromSnapshot: false);
    }

    /// <summary>Deltas a <c>Resume</c> returned: the same records and dedupe as live ones.</summary>
    public void CatchUp(StreamCatchUp catchUp, double atMs)
    {
        ArgumentNullException.ThrowIfNull(catchUp);
        lock (_gate)
        {
            var record = Record(catchUp.BlockId, catchUp.Attempt);
            foreach (var delta in catchUp.Missed)
                record.Add(delta, atMs);
        }
    }

    public void Story(StoryUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            // An update holds only the blocks it changed, each keyed by id and attempt: applying one that a newer
            // update overtook changes no record wrongly; only whose turn it is must come from the newest.
            if (Newer(update.Version))
                _nextActorId = update.NextActorId;
            Blocks(update.AdventureId, update.Blocks);
        }
    }

    /// <summary>A snapshot (the reply to <c>CreateAdventure</c>, <c>Join</c> or <c>GetAdventure</c>), in any order with live messages.</summary>
    public void Snapshot(AdventureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_gate)
        {
            if (view.Live is { } live)
                Record(live.BlockId, live.Attempt).Seed(live.LastSequence, live.Text);
            if (!Newer(view.Version))
                return;
            _nextActorId = view.NextActorId;
            // A snapshot holds every block (an AdventureChanged view none: settings never change the story).
            if (view.Blocks.Count > 0)
                _writing = null;
            Blocks(view.Id, view.Blocks);
        }
    }

    /// <summary>The connection dropped while <paramref name="blockId"/> streamed: its gaps in time are not the server's.</summary>
    public void Interrupt(Guid blockId)
    {
        lock (_gate)
        {
            if (_blocks.TryGetValue(blockId, out var attempts))
                attempts.Values[^1].Interrupted = true;
        }
    }

    /// <summary>A <c>Resume</c> found this attempt no longer being written: what was sent while away is gone.</summary>
    public void CatchUpGone(Guid blockId, int attempt)
    {
        lock (_gate)
        {
            if (_blocks.TryGetValue(blockId, out var attempts) && attempts.TryGetValue(attempt, out var record))
                record.CatchUpGone = true;
        }
    }

    /// <summary>Every record, copied out for the integrity check, each block's attempts in order.</summary>
    public IReadOnlyDictionary<Guid, IReadOnlyList<StreamObservation>> Observe()
    {
        lock (_gate)
            return _blocks.ToDictionary(b => b.Key, b => (IReadOnlyList<StreamObservation>)[.. b.Value.Values.Select(r => r.Observe())]);
    }

    bool Newer(long version)
    {
        if (version < _version)
            return false;
        _version = version;
        return true;
    }

    void Blocks(Guid adventureId, IReadOnlyList<BlockView> blocks)
    {
        foreach (var block in blocks.Where(b => b.Type == "Continuation"))
        {
            // The shown alternative is the attempt being written (or written last).
            var attempt = block.Shown + 1;
            if (_blocks.TryGetValue(block.Id, out var attempts))
            {
                // Earlier attempts still open ended while this connection was away and were then retried: this
                // player never saw how they ended, and they are no longer the story's text (a follower is let go).
                foreach (var stale in attempts.Where(a => a.Key < attempt && a.Value.End is null).Select(a => a.Key).ToArray())
                {
                    attempts[stale].Supersede();
                    attempts.Remove(stale);
                }
            }

            if (block.State == "Writing")
            {
                _writing = (block.Id, attempt);
                Record(block.Id, attempt);
            }
            else if (attempts is not null && attempts.TryGetValue(attempt, out var record) && record.End is null)
            {
                record.Finish(new ContinuationEnded(adventureId, block.Id, attempt, record.LastSequence, block.Text, block.State, null), fromSnapshot: true);
            }
        }
    }

    StreamRecord Record(Guid blockId, int attempt)
    {
        if (!_blocks.TryGetValue(blockId, out var attempts))
            _blocks[blockId] = attempts = [];
        if (!attempts.TryGetValue(attempt, out var record))
            attempts[attempt] = record = new StreamRecord(blockId, attempt);
        return record;
    }
}
