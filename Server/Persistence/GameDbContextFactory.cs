using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdventureServer.Server.Persistence;

/// <summary>Lets <c>dotnet ef</c> create the context without starting the server (whose entry point is a command line).</summary>
public sealed class GameDbContextFactory : IDesignTimeDbContextFactory<GameDbContext>
{
    /// <inheritdoc />
    public GameDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GameDbContext>().UseSqlite(PersistenceOptions.DefaultConnectionString).Options);
}
