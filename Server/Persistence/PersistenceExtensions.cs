using AdventureServer.Game.Settings;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdventureServer.Server.Persistence;

/// <summary>Registers the game's database and applies its migrations.</summary>
public static class PersistenceExtensions
{
    /// <summary>
    /// Adds <see cref="GameDbContext"/> and <see cref="AdventureRepository"/> on <c>Persistence:Provider</c>
    /// (SQLite by default) with <c>Persistence:ConnectionString</c> (default <c>Data Source=data/adventures.db</c>,
    /// relative to the folder the server was started from; the folder is created).
    /// </summary>
    public static WebApplicationBuilder AddPersistence(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPersistence(builder.Configuration.PersistenceOptions());
        return builder;
    }

    /// <summary>
    /// Adds the database and repository with an explicit SQLite connection string; <paramref name="interceptors"/>
    /// (e.g. a <see cref="RowCounter"/>) see every command.
    /// </summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, string connectionString, params IInterceptor[] interceptors) =>
        services.AddPersistence(new PersistenceOptions { ConnectionString = connectionString }, interceptors);

    /// <summary>Adds the database on the provider <paramref name="options"/> name, and the repository.</summary>
    public static IServiceCollection AddPersistence(this IServiceCollection services, PersistenceOptions options, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDatabase<GameDbContext, PostgresGameDbContext>(options, interceptors);
        services.AddScoped<AdventureRepository>();
        // Defaults only: a configured GameLimits or TimeProvider registered elsewhere wins.
        services.TryAddSingleton(GameLimits.Default);
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// Applies pending migrations, switches a SQLite database to WAL and interrupts continuations a previous run left
    /// unfinished, unless this server is one node of a cluster: the other nodes may be writing them, so each
    /// adventure's grain does that for its own when it starts.
    /// </summary>
    public static IHost ApplyMigrations(this IHost app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.ApplyMigrations(interruptUnfinished: app.Services.GetService<ClusterNode>() is not { IsCluster: true });
        return app;
    }

    /// <summary>Same as <see cref="ApplyMigrations(IHost)"/>, for a bare service provider (tests, tools).</summary>
    public static void ApplyMigrations(this IServiceProvider services, bool interruptUnfinished = true)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GameDbContext>();
        db.Database.Migrate();
        // WAL lets readers (story loads) run while a continuation's text is being written; it is a
        // property of the database file, so setting it once at start-up is enough.
        if (db.Database.IsSqlite())
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        if (interruptUnfinished)
            scope.ServiceProvider.GetRequiredService<AdventureRepository>().InterruptUnfinishedAsync().GetAwaiter().GetResult();
    }
}
