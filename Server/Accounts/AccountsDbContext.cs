using AdventureServer.Server.Api.Keys;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Accounts;

/// <summary>ASP.NET Core Identity's tables, and the accounts' API keys, in the same SQLite database as the game.</summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<Account>(options)
{
    /// <summary>The accounts' keys for the public HTTP API.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfiguration(new ApiKeyConfiguration());
    }
}
