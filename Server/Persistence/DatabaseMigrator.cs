using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence;

/// <summary>Applies a context's migrations when the server starts, before it accepts requests (one node at a time: see <see cref="DatabaseStartupLock"/>).</summary>
public sealed class DatabaseMigrator<TContext>(IServiceProvider services) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var startup = await services.GetRequiredService<DatabaseStartupLock>().AcquireAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
