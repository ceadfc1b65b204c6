namespace AdventureServer.LoadTest.Reporting;

/// <summary>
/// One server URL's share of a run: the players connected to it and what they did and measured (client-side time to
/// first token, from the Act call to the first delta).
/// </summary>
public sealed record NodeFigures(
    string Url,
    int Players,
    int ActionsSent,
    int ActionsCompleted,
    int ActionsRefused,
    int ActionsFailed,
    int TtftSamples,
    double? TtftP50Ms,
    double? TtftP99Ms);
