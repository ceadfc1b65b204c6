namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// One attempt at a continuation has ended. <see cref="Text"/> is the final, cleaned text (a cut-off trailing
/// sentence trimmed), which replaces what that attempt's deltas built up; <see cref="State"/> is Done,
/// Cancelled, Failed or Interrupted; <see cref="LastSequence"/> is the attempt's last delta (0: none was sent).
/// <see cref="Model"/> is the model that wrote the whole text, one model from start to end; null when no model wrote
/// any (refused before it started) or it cannot be told (a server never names two).
/// </summary>
public sealed record ContinuationEnded(Guid AdventureId, Guid BlockId, int Attempt, int LastSequence, string Text, string State, string? Message, string? Model = null);
