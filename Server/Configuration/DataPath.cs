using Microsoft.Data.Sqlite;

namespace AdventureServer.Server.Configuration;

/// <summary>
/// Resolves the relative paths of data the server writes (the SQLite file, signing keys) against the
/// folder the server was started from, as a command-line tool's user expects, not the binaries' folder.
/// </summary>
public static class DataPath
{
    /// <summary>An absolute path for <paramref name="path"/>, its folder created.</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path, Environment.CurrentDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>An absolute path for the folder <paramref name="path"/>, created.</summary>
    public static string ResolveFolder(string path) =>
        Directory.CreateDirectory(Path.GetFullPath(path, Environment.CurrentDirectory)).FullName;

    /// <summary>A SQLite connection string whose data source is resolved as <see cref="Resolve"/> does.</summary>
    public static string SqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is not (":memory:" or "") && !builder.DataSource.StartsWith("file:", StringComparison.Ordinal))
            builder.DataSource = Resolve(builder.DataSource);
        return builder.ToString();
    }
}
