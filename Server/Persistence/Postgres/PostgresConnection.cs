using Npgsql;

namespace AdventureServer.Server.Persistence.Postgres;

/// <summary>Checks a PostgreSQL connection string at start-up, so a SQLite one left in place gets a clear error.</summary>
public static class PostgresConnection
{
    public static string Checked(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (string.IsNullOrWhiteSpace(builder.Host))
                throw new InvalidOperationException("Persistence:ConnectionString names no Host; PostgreSQL needs Host=...;Database=...;Username=....");
            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"Persistence:ConnectionString is not a PostgreSQL connection string ({e.Message}).", e);
        }
    }
}
