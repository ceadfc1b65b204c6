namespace AdventureServer.Server.Cli;

/// <summary>
/// Rows one story's storage wrote for each kind of change, and the queries a turn ran, counted by a <see cref="Persistence.RowCounter"/>.
/// A turn is the action's save, the continuation's progress saves while it streams, and its final save.
/// The action loads the whole story (its rules and the prompt need it: three queries); the stream should
/// look up only its block, once, at the end.
/// </summary>
public sealed record BenchStoryFigures(
    int Blocks,
    long ActRows,
    long StreamRows,
    long ActQueries,
    long StreamQueries,
    long UndoRows,
    long EditRows,
    long JoinRows,
    long SettingsRows)
{
    /// <summary>Rows written by one whole turn: the action's save plus its continuation's saves.</summary>
    public long TurnRows => ActRows + StreamRows;
}
