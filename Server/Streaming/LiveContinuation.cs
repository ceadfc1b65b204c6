using System.Text;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Streaming;

/// <summary>
/// A continuation while it streams: every delta with its sequence number, kept so that a client that
/// reconnects can be given exactly what it missed. Appended by one reader, read by many hub calls.
/// </summary>
public sealed class LiveContinuation(Guid adventureId, Guid blockId)
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
            var delta = new StoryDelta(AdventureId, BlockId, _deltas.Count + 1, text);
            _deltas.Add(delta);
            _text.Append(text);
            return delta;
        }
    }

    /// <summary>The deltas after <paramref name="sequence"/>.</summary>
    public IReadOnlyList<StoryDelta> Since(int sequence)
    {
        lock (_lock)
            return _deltas.Skip(Math.Max(0, sequence)).ToArray();
    }
}
