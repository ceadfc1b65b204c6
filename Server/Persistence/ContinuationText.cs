namespace AdventureServer.Server.Persistence;

/// <summary>The text so far of a continuation still being written: the whole text, not a delta, so writing it twice is harmless.</summary>
public sealed record ContinuationText(Guid AdventureId, Guid BlockId, string Text);
