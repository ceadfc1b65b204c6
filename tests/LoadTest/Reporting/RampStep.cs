namespace AdventureServer.LoadTest.Reporting;

/// <summary>One step of a ramp: how many players played, and what they measured.</summary>
public sealed record RampStep(int Players, double? TtftP50Ms, double? TtftP99Ms, double? ItlP99Ms, double TokensPerS, int ActionsSent, int ActionsCompleted, int ActionsRefused, int ActionsFailed, int IntegrityErrors);
