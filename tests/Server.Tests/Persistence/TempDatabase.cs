using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play;
using AdventureServer.Server.Streaming;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>A real SQLite file in a temp folder; each <see cref="Start"/> is a fresh "server process" on it.</summary>
public sealed class TempDatabase : IDisposable
{
    readonly List<ServiceProvider> _providers = [];

    public TempDatabase()
    {
        Folder = Directory.CreateTempSubdirectory("adventures-test-").FullName;
        ConnectionString = $"Data Source={Path.Combine(Folder, "adventures.db")}";
    }

    public string Folder { get; }

    public string ConnectionString { get; }

    /// <summary>A new service provider on the same file, with the migrations applied as at start-up; <paramref name="interceptors"/> see its commands.</summary>
    public ServiceProvider Start(params IInterceptor[] interceptors)
    {
        var provider = new ServiceCollection()
            .AddLogging()
            .AddPersistence(ConnectionString, interceptors)
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

        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }
}
