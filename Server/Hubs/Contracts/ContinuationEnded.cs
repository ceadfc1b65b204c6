namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// A continuation has ended. <see cref="Text"/> is the final, cleaned text (a cut-off trailing sentence
/// trimmed), which replaces what the deltas built up; <see cref="State"/> is Done, Cancelled, Failed or Interrupted.
/// </summary>
public sealed record ContinuationEnded(Guid AdventureId, Guid BlockId, int LastSequence, string Text, string State, string? Message);
