using AdventureServer.Game.Adventures;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>Tests over a fresh SQLite file each, migrated as the server migrates it at start-up.</summary>
public abstract class DatabaseTests
{
    protected TempDatabase Database { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase() => Database = new TempDatabase();

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
