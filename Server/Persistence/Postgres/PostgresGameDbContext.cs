using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Persistence.Postgres;

/// <summary>The game's database on PostgreSQL: the same mapping, its own migrations.</summary>
public sealed class PostgresGameDbContext(DbContextOptions<PostgresGameDbContext> options) : GameDbContext(options);
