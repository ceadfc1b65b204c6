using AdventureServer.Server.Configuration;
using AdventureServer.Server.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdventureServer.Server.Persistence;

/// <summary>
/// Registers a context on the configured provider. The contexts and their mapping are the same for both;
/// PostgreSQL gets a subclass of each only so that its migrations (under <c>Postgres/Migrations</c>) are its own.
/// </summary>
public static class DatabaseRegistration
{
    /// <summary>Adds <typeparamref name="TContext"/>, implemented for PostgreSQL by <typeparamref name="TPostgres"/>.</summary>
    public static IServiceCollection AddDatabase<TContext, TPostgres>(
        this IServiceCollection services, PersistenceOptions options, params IInterceptor[] interceptors)
        where TContext : DbContext
        where TPostgres : TContext
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(new DatabaseStartupLock(options));
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddDbContext<TContext>(db =>
                db.UseSqlite(DataPath.SqliteConnectionString(options.ConnectionString)).AddInterceptors(interceptors)),
            DatabaseProvider.Postgres => services.AddDbContext<TContext, TPostgres>(db =>
                db.UseNpgsql(PostgresConnection.Checked(options.ConnectionString)).AddInterceptors(interceptors)),
            _ => throw new InvalidOperationException($"Persistence:Provider {options.Provider} is not one of Sqlite, Postgres."),
        };
    }

    /// <summary>The <c>Persistence</c> section, read now (the contexts are registered before the host is built).</summary>
    public static PersistenceOptions PersistenceOptions(this IConfiguration configuration) =>
        configuration.GetSection(Persistence.PersistenceOptions.Section).Get<PersistenceOptions>() ?? new PersistenceOptions();
}
