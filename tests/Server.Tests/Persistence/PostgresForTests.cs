using AdventureServer.Tests.Shared;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>
/// One PostgreSQL server for the whole test run, started by the first test that needs it (each test gets a
/// database of its own on it) and stopped after the last.
/// </summary>
[SetUpFixture]
public sealed class PostgresForTests
{
    static readonly Lazy<Task<PostgresServer>> Server = new(PostgresServer.StartAsync);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync() =>
        await (await Server.Value).CreateDatabaseAsync($"test_{Guid.NewGuid():N}");

    [OneTimeTearDown]
    public async Task StopTheServer()
    {
        if (Server.IsValueCreated)
            await (await Server.Value).DisposeAsync();
    }
}
