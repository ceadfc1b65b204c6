using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play;
using AdventureServer.Server.Streaming;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>
/// A real, empty database: a SQLite file in a temp folder, or a fresh database on the tests' own PostgreSQL
/// server (<see cref="PostgresForTests"/>). Each <see cref="Start"/> is a fresh "server process" on it.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    readonly List<ServiceProvider> _providers = [];
    readonly string? _folder;

    TempDatabase(PersistenceOptions options, string? folder)
    {
        Options = options;
        _folder = folder;
    }

    public PersistenceOptions Options { get; }

    public static TempDatabase Create(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var connectionString = PostgresForTests.CreateDatabaseAsync().GetAwaiter().GetResult();
            return new TempDatabase(new PersistenceOptions { Provider = provider, ConnectionString = connectionString }, folder: null);
        }

        var folder = Directory.CreateTempSubdirectory("adventures-test-").FullName;
        return new TempDatabase(new PersistenceOptions { ConnectionString = $"Data Source={Path.Combine(folder, "adventures.db")}" }, folder);
    }

    /// <summary>A new service provider on the same database, with the migrations applied as at start-up; <paramref name="interceptors"/> see its commands.</summary>
    public ServiceProvider Start(params IInterceptor[] interceptors)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddPersistence(Options, interceptors)
            .AddScoped<IContinuationSink, ContinuationSink>()
            .BuildServiceProvider();
        provider.ApplyMigrations();
        _providers.Add(provider);
        return provider;
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        if (_folder is null)
            return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
