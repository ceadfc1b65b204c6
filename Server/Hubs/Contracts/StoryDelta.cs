namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// A piece of a continuation as it streams: the block it belongs to, which attempt at that block (1 for the
/// first writing, 2 for the first retry, ...) and its place in that attempt's stream (1, 2, ...).
/// </summary>
public sealed record StoryDelta(Guid AdventureId, Guid BlockId, int Attempt, int Sequence, string Text);
