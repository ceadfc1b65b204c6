namespace AdventureServer.Server.Persistence;

/// <summary>The <c>Persistence</c> settings section.</summary>
public sealed class PersistenceOptions
{
    /// <summary>The section's name in appsettings.json.</summary>
    public const string Section = "Persistence";

    /// <summary>The default database: a file under the content root's data folder.</summary>
    public const string DefaultConnectionString = "Data Source=data/adventures.db";

    /// <summary>
    /// <see cref="DatabaseProvider.Sqlite"/> (the embedded default: one file) or <see cref="DatabaseProvider.Postgres"/>
    /// (a store the nodes of a cluster share).
    /// </summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// The provider's connection string. For SQLite a relative <c>Data Source</c> is relative to the folder the
    /// server was started from; PostgreSQL has no default and needs one (<c>Host=...;Database=...;Username=...</c>).
    /// </summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;
}
