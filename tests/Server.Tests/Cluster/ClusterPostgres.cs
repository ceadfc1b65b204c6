using AdventureServer.Tests.Shared;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>
/// One PostgreSQL server for the cluster tests, started by the first cluster and stopped after the last; each
/// cluster gets a database of its own on it.
/// </summary>
[SetUpFixture]
public sealed class ClusterPostgres
{
    static readonly Lazy<Task<PostgresServer>> Server = new(PostgresServer.StartAsync);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync() =>
        await (await Server.Value).CreateDatabaseAsync($"cluster_{Guid.NewGuid():N}");

    [OneTimeTearDown]
    public async Task StopTheServer()
    {
        if (Server.IsValueCreated)
            await (await Server.Value).DisposeAsync();
    }
}
