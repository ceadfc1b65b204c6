using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence;

/// <summary>Applies a context's migrations when the server starts, before it accepts requests.</summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<TContext>().Database;
        await database.MigrateAsync(cancellationToken);
        // WAL lets readers go on while a continuation's text is being saved.
        await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
