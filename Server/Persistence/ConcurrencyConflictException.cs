namespace AdventureServer.Server.Persistence;

/// <summary>
/// Someone else saved the same adventure or block since it was loaded; nothing was saved. Reload the
/// adventure (in a new scope: the failed context is stale) and try the command again.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("The adventure was changed by someone else; reload it and try again.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
