namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// What a client that (re)attaches to a live continuation missed: the deltas after the sequence number it
/// last saw. Live deltas that also arrive over the connection carry sequence numbers, so the client drops
/// any it already has: no gap, no duplicate.
/// </summary>
public sealed record StreamCatchUp(Guid AdventureId, Guid BlockId, IReadOnlyList<StoryDelta> Missed);
