using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Accounts;

/// <summary>ASP.NET Core Identity's tables, in the same SQLite database as the game.</summary>
public sealed class AccountsDbContext(DbContextOptions<AccountsDbContext> options) : IdentityDbContext<Account>(options);
