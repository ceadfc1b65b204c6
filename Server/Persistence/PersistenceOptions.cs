namespace AdventureServer.Server.Persistence;

/// <summary>The <c>Persistence</c> settings section.</summary>
public sealed class PersistenceOptions
{
    /// <summary>The section's name in appsettings.json.</summary>
    public const string Section = "Persistence";

    /// <summary>The default database: a file under the content root's data folder.</summary>
    public const string DefaultConnectionString = "Data Source=data/adventures.db";

    /// <summary>A SQLite connection string; a relative <c>Data Source</c> is relative to the content root.</summary>
    public string ConnectionString { get; set; } = DefaultConnectionString;
}
