namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A piece of a continuation as it streams: the block it belongs to and its place in the stream (1, 2, ...).</summary>
public sealed record StoryDelta(Guid AdventureId, Guid BlockId, int Sequence, string Text);
