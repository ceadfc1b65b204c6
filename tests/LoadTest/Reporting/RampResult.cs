namespace AdventureServer.LoadTest.Reporting;

/// <summary>A ramp's answer: the most players whose p99 time to first token stayed under the bound (0 if even the first step passed it).</summary>
public sealed record RampResult(double TtftP99BoundMs, int MaxPlayersUnderBound, bool BoundPassed, IReadOnlyList<RampStep> Steps);
