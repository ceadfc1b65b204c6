using AdventureServer.Game.Adventures;
using AdventureServer.Server.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>
/// Tests over a fresh database each (SQLite, or PostgreSQL for a fixture that names it), migrated as the server
/// migrates it at start-up.
/// </summary>
public abstract class DatabaseTests(DatabaseProvider provider)
{
    protected DatabaseTests()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected TempDatabase Database { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase() => Database = TempDatabase.Create(provider);

    [TearDown]
    public void DeleteDatabase() => Database.Dispose();

    /// <summary>Starts a "server process" on the database and saves <paramref name="adventure"/> through it.</summary>
    protected async Task<ServiceProvider> StartWithAsync(Adventure adventure)
    {
        var provider = Database.Start();
        using var scope = new Scope(provider);
        await scope.Repository.CreateAsync(adventure);
        return provider;
    }
}
