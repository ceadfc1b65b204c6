using AdventureServer.LoadTest.Measuring;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One attempt at a continuation as one player received it: its deltas by sequence number (a repeated number
/// is dropped, as the contract asks), when each arrived, and its end. A retry writes the same block again as
/// a new attempt, so a block can have several records. Guarded by the owning <see cref="ReceivedStory"/>'s lock.
/// </summary>
public sealed class StreamRecord(Guid blockId, int attempt)
{
    readonly TaskCompletionSource _firstDelta = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _seededThrough;

    public Guid BlockId { get; } = blockId;

    /// <summary>Which attempt at the block (1, then one more for each retry).</summary>
    public int Attempt { get; } = attempt;

    public SortedDictionary<int, string> Deltas { get; } = [];

    /// <summary>Arrival times (<see cref="LoadClock"/>) of the deltas kept, in arrival order.</summary>
    public List<double> Arrivals { get; } = [];

    public ContinuationEnded? End { get; private set; }

    /// <summary>The end was read from a story snapshot after a reconnect, not received live.</summary>
    public bool EndFromSnapshot { get; private set; }

    /// <summary>The start of the text came from a snapshot (joined mid-stream): deltas before it were never seen.</summary>
    public bool Seeded { get; set; }

    /// <summary>This player's connection dropped while the stream ran: its gaps in time are not the server's.</summary>
    public bool Interrupted { get; set; }

    /// <summary>
    /// This player's <c>Resume</c> found the attempt no longer being written (it ended while the connection was down):
    /// the deltas sent in between are gone, and the end's text stands for them. Deltas sent after the player rejoined
    /// the group but before the end still arrived, so a hole in the middle is the contract here, not a loss.
    /// </summary>
    public bool CatchUpGone { get; set; }

    /// <summary>
    /// A retry replaced this attempt while the player was away (a story update or snapshot showed the next one being written): it had
    /// ended, as a story being written refuses a retry, but its end was sent while the connection was down and will not
    /// come again. <see cref="Ended"/> completes, so whoever followed it stops waiting.
    /// </summary>
    public bool Superseded { get; private set; }

    public int Duplicates { get; private set; }

    /// <summary>Sequence numbers received twice with different text: the server contradicted itself.</summary>
    public int Conflicts { get; private set; }

    public Task FirstDelta => _firstDelta.Task;

    public Task Ended => _ended.Task;

    public int LastSequence => Deltas.Count == 0 ? 0 : Deltas.Keys.Max();

    public void Add(StoryDelta delta, double atMs)
    {
        // A snapshot's text stands for every delta up to its sequence number: one of those arriving after it (sent
        // before the snapshot was taken, or replayed by a catch-up) is a repeat, whatever its own text.
        if (delta.Sequence <= _seededThrough)
        {
            Duplicates++;
            return;
        }
        if (Deltas.TryGetValue(delta.Sequence, out var seen))
        {
            Duplicates++;
            if (seen != delta.Text)
                Conflicts++;
            return;
        }

        Deltas.Add(delta.Sequence, delta.Text);
        Arrivals.Add(atMs);
        _firstDelta.TrySetResult();
    }

    /// <summary>
    /// Takes a snapshot's live text, which stands for sequences 1..<paramref name="lastSequence"/>: deltas up to
    /// it that are missing are replaced by that text, later ones (overtaking the snapshot) are kept.
    /// </summary>
    public void Seed(int lastSequence, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Nothing to take when every delta it stands for is here, or when a later snapshot already stood for them.
        if (lastSequence <= _seededThrough || Enumerable.Range(1, lastSequence).All(Deltas.ContainsKey))
            return;
        foreach (var covered in Deltas.Keys.Where(k => k <= lastSequence).ToArray())
            Deltas.Remove(covered);
        Deltas[lastSequence] = text;
        _seededThrough = Math.Max(_seededThrough, lastSequence);
        Seeded = true;
    }

    /// <summary>Marks the attempt as replaced by a retry this player learnt of only afterwards (see <see cref="Superseded"/>).</summary>
    public void Supersede()
    {
        Superseded = true;
        _firstDelta.TrySetResult();
        _ended.TrySetResult();
    }

    public void Finish(ContinuationEnded ended, bool fromSnapshot)
    {
        if (End is not null)
            return;
        End = ended;
        EndFromSnapshot = fromSnapshot;
        _firstDelta.TrySetResult();
        _ended.TrySetResult();
    }

    /// <summary>What the integrity check needs, copied out.</summary>
    public StreamObservation Observe() => new(
        BlockId,
        [.. Deltas.Keys],
        string.Concat(Deltas.Values),
        End?.Text,
        End?.LastSequence,
        EndFromSnapshot,
        Seeded,
        Conflicts,
        End?.Model,
        Interrupted,
        CatchUpGone);
}
