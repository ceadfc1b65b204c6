namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One player's view of one continuation at the end of a run: the sequence numbers it holds, the text they
/// concatenate to, the final text (null when it never saw the end), and the model its end named (null: none, or an
/// end read from a snapshot, which names none), whether the player's connection dropped while it streamed, and
/// whether its <c>Resume</c> then found the stream already over (<see cref="StreamRecord.CatchUpGone"/>).
/// </summary>
public sealed record StreamObservation(
    Guid BlockId,
    IReadOnlyList<int> Sequences,
    string StreamedText,
    string? FinalText,
    int? LastSequence,
    bool EndFromSnapshot,
    bool Seeded,
    int Conflicts,
    string? Model = null,
    bool Interrupted = false,
    bool CatchUpGone = false);
