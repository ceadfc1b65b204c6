namespace AdventureServer.LoadTest.Reporting;

/// <summary>One second of a run: deltas received, players connected, and that second's p99 time to first token (null if no continuation started).</summary>
public sealed record SeriesPoint(double TimeS, double DeltasPerS, int Players, double? TtftP99Ms, double? TtftMaxMs);
