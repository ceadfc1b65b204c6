namespace AdventureServer.Server.Persistence;

/// <summary>Which database the server stores adventures and accounts in (<c>Persistence:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file: the single-process default.</summary>
    Sqlite,

    /// <summary>PostgreSQL: the shared store of a cluster's nodes.</summary>
    Postgres,
}
