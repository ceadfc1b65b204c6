namespace AdventureServer.Server.Streaming;

/// <summary>How a continuation was stored at its end: its cleaned text, its state's name and, for failures, why.</summary>
public sealed record ContinuationEndState(string Text, string State, string? Message);
