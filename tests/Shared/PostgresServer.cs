using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// A PostgreSQL server of the test's own: Debian's <c>postgresql</c> binaries, a fresh cluster (<c>initdb</c>) in a
/// temporary folder, listening on 127.0.0.1 at a free port, trusted local logins, stopped and deleted at the end.
/// Run as root (CI), the cluster belongs to the <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    const string User = "adventure";
    static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    readonly string _folder;
    readonly string _bin;

    PostgresServer(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    string Data => Path.Combine(_folder, "data");

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ConnectionString;

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinaries();
        var folder = Directory.CreateTempSubdirectory("adventure-postgres-").FullName;
        var server = new PostgresServer(folder, bin, FreePort());
        if (Environment.UserName == "root")
            await RunAsync("chown", ["-R", "postgres:postgres", folder]);
        await server.RunPostgresAsync("initdb", ["-D", server.Data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        await server.RunPostgresAsync("pg_ctl", [
            "-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
            "-o", $"-p {server.Port} -c listen_addresses=127.0.0.1 -k {folder} -c fsync=off -c max_connections=200",
            "start"]);
        return server;
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    Task RunPostgresAsync(string tool, string[] args) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args])
            : RunAsync(Path.Combine(_bin, tool), args);

    static async Task RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}{await error}");
    }

    static string FindBinaries()
    {
        var root = new DirectoryInfo("/usr/lib/postgresql");
        var bin = root.Exists
            ? root.GetDirectories().OrderByDescending(d => d.Name.Length).ThenByDescending(d => d.Name, StringComparer.Ordinal)
                .Select(d => Path.Combine(d.FullName, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")))
            : null;
        if (bin is null)
            Assert.Fail("These tests need PostgreSQL's server binaries under /usr/lib/postgresql: run `apt-get install postgresql`.");
        return bin!;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
