using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// Serializes the start-up work on the shared database (creating it, applying migrations, seeding the game master)
/// across nodes that start at the same moment: with PostgreSQL, a session advisory lock, taken on the server's
/// <c>postgres</c> database (the target database may not exist yet) under a key made from the target's name, and
/// released when the session closes, also when the node dies. With SQLite, one file on one machine, it does nothing.
/// </summary>
public sealed class DatabaseStartupLock(PersistenceOptions options)
{
    /// <summary>Waits for the lock; dispose the result to release it.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (options.Provider != DatabaseProvider.Postgres)
            return NoLock.Instance;
        var target = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"adventureserver-startup:{target.Database}")));
        var maintenance = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(maintenance.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection);
            command.Parameters.AddWithValue("key", key);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
