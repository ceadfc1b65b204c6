using AdventureServer.Server.Api.Keys;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Accounts;

/// <summary>ASP.NET Core Identity's tables, and the accounts' API keys, in the same database as the game.</summary>
public class AccountsDbContext : IdentityDbContext<Account>
{
    public AccountsDbContext(DbContextOptions<AccountsDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's subclass with migrations of its own (see <c>Persistence/Postgres/</c>).</summary>
    protected AccountsDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The accounts' keys for the public HTTP API.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new ApiKeyConfiguration());
    }
}
