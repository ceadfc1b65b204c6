using AdventureServer.Server.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence.Postgres;

/// <summary>The accounts' tables on PostgreSQL: the same mapping, its own migrations.</summary>
public sealed class PostgresAccountsDbContext(DbContextOptions<PostgresAccountsDbContext> options) : AccountsDbContext(options);
