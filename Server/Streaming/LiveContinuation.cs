using System.Text;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Streaming;

/// <summary>
/// A continuation while it streams: every delta with its sequence number, kept so that a client that
/// reconnects can be given exactly what it missed. Appended by one reader, read by many hub calls.
/// A retry writes the same block again as a new attempt, numbered from sequence 1 again.
/// </summary>
public sealed class LiveContinuation(Guid adventureId, Guid blockId, int attempt)
{
    int _savedLength;

    readonly List<StoryDelta> _deltas = [];
    readonly StringBuilder _text = new();
    readonly Lock _lock = new();

    public Guid AdventureId { get; } = adventureId;

    public Guid BlockId { get; } = blockId;

    /// <summary>
    /// The adventure's stop sequences the generation started with: its end cuts them from the text, without
    /// loading the whole adventure again.
    /// </summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>How much of <see cref="Text"/> is stored (its length at the last progress save that landed).</summary>
    public int SavedLength
    {
        get => Volatile.Read(ref _savedLength);
        set => Volatile.Write(ref _savedLength, value);
    }

    /// <summary>Which attempt at the block this is: its alternative's number, 1 for the first writing, 2 for the first retry.</summary>
    public int Attempt { get; } = attempt;

    /// <summary>
    /// Set once the stream is over and its end is being stored: the story may already be free in the
    /// database, so the next continuation of the adventure may replace this one in the streamer.
    /// </summary>
    public bool Finishing { get; private set; }

    /// <summary>Marks the stream as over (see <see cref="Finishing"/>).</summary>
    public void MarkFinishing() => Finishing = true;

    /// <summary>Cancels the generation (a player stopped it, the adventure was closed, the server is stopping).</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>The text streamed so far.</summary>
    public string Text
    {
        get
        {
            lock (_lock)
                return _text.ToString();
        }
    }

    /// <summary>The sequence number of the last delta (0 before the first).</summary>
    public int LastSequence
    {
        get
        {
            lock (_lock)
                return _deltas.Count;
        }
    }

    /// <summary>
    /// The text so far and the sequence number of its last delta, taken together: a reader that shows this
    /// text and then applies only later deltas sees every delta exactly once.
    /// </summary>
    public (string Text, int LastSequence) Snapshot()
    {
        lock (_lock)
            return (_text.ToString(), _deltas.Count);
    }

    /// <summary>Numbers and keeps the next delta.</summary>
    public StoryDelta Append(string text)
    {
        lock (_lock)
        {
            var delta = new StoryDelta(AdventureId, BlockId, Attempt, _deltas.Count + 1, text);
            _deltas.Add(delta);
            _text.Append(text);
            return delta;
        }
    }

    /// <summary>
    /// What a client that followed <paramref name="blockId"/>'s attempt <paramref name="attempt"/> up to
    /// <paramref name="sequence"/> missed: the later deltas, or every delta when it followed anything else.
    /// </summary>
    public StreamCatchUp CatchUp(Guid? blockId, int attempt, int sequence) =>
        new(AdventureId, BlockId, Attempt, Since(blockId == BlockId && attempt == Attempt ? sequence : 0));

    /// <summary>The deltas after <paramref name="sequence"/>.</summary>
    public IReadOnlyList<StoryDelta> Since(int sequence)
    {
        lock (_lock)
            return _deltas.Skip(Math.Max(0, sequence)).ToArray();
    }
}
