namespace AdventureServer.LoadTest.Players;

/// <summary>
/// One player's view of one continuation at the end of a run: the sequence numbers it holds, the text they
/// concatenate to, and the final text (null when it never saw the end).
/// </summary>
public sealed record StreamObservation(
    Guid BlockId,
    IReadOnlyList<int> Sequences,
    string StreamedText,
    string? FinalText,
    int? LastSequence,
    bool EndFromSnapshot,
    bool Seeded,
    int Conflicts);
