using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdventureServer.Server.Persistence.Postgres;

// Let `dotnet ef migrations add --context Postgres...` build the contexts without a server or a database
// (adding a migration never connects).
public sealed class PostgresGameDbContextFactory : IDesignTimeDbContextFactory<PostgresGameDbContext>
{
    public PostgresGameDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresGameDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}

public sealed class PostgresAccountsDbContextFactory : IDesignTimeDbContextFactory<PostgresAccountsDbContext>
{
    public PostgresAccountsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAccountsDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
