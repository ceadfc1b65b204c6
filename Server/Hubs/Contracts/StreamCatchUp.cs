namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// What a client that (re)attaches to a live continuation missed. When the client named this block and
/// attempt, <see cref="Missed"/> holds the deltas after the sequence number it gave; otherwise (another block,
/// or a retry started while it was away) every delta of this attempt from sequence 1. Live deltas that also
/// arrive over the connection carry the same (attempt, sequence), so the client drops any it already has.
/// </summary>
public sealed record StreamCatchUp(Guid AdventureId, Guid BlockId, int Attempt, IReadOnlyList<StoryDelta> Missed);
