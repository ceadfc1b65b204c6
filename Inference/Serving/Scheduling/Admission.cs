namespace AdventureServer.Inference.Serving.Scheduling;

/// <summary>A waiting request the step admits.</summary>
/// <param name="Id">The request.</param>
/// <param name="Row">The row it gets.</param>
/// <param name="ReusedTokens">
/// Leading prompt tokens already in that row: its key's cached prefix, which the request takes over (0: none,
/// the row is free or was evicted for it).
/// </param>
internal sealed record Admission(long Id, int Row, int ReusedTokens);
