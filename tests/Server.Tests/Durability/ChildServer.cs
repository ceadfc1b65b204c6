using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Durability;

/// <summary>
/// The built server run as a child process (<c>dotnet AdventureServer.dll</c>) on a free loopback port with its
/// data in a given folder, so that a test can kill it as a crash would (SIGKILL: no shutdown code runs) and
/// start it again on the same data.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    readonly Process _process;
    readonly StringBuilder _output = new();

    ChildServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>What the server wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts the server on <paramref name="dataFolder"/> with <see cref="GameServer.Args"/> and <paramref name="extra"/>; returns once <c>/healthz</c> answers.</summary>
    public static Task<ChildServer> StartAsync(string dataFolder, params string[] extra) =>
        StartAsync(dataFolder, port => ([$"--urls=http://127.0.0.1:{port}"], []), extra);

    /// <summary>
    /// Starts the server without <c>--urls</c>: its address comes from the environment variable
    /// <paramref name="variable"/>, set to <paramref name="value"/> of a free port, as a container would.
    /// </summary>
    public static Task<ChildServer> StartWithAddressFromEnvironmentAsync(string dataFolder, string variable, Func<int, string> value) =>
        StartAsync(dataFolder, port => ([], [new(variable, value(port))]), []);

    static async Task<ChildServer> StartAsync(
        string dataFolder, Func<int, (string[] Args, KeyValuePair<string, string>[] Environment)> address, string[] extra)
    {
        var port = FreePort();
        var (addressArgs, environment) = address(port);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(ServerDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[
            ServerDll,
            .. addressArgs,
            $"--Persistence:ConnectionString=Data Source={Path.Combine(dataFolder, "adventures.db")}",
            $"--Accounts:KeysFolder={Path.Combine(dataFolder, "keys")}",
            .. GameServer.Args(extra)])
            start.ArgumentList.Add(arg);
        foreach (var (variable, value) in environment)
            start.Environment[variable] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ChildServer(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => server.Record(e.Data);
        process.ErrorDataReceived += (_, e) => server.Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilHealthyAsync();
        return server;
    }

    /// <summary>Registers <paramref name="name"/>, logs in and connects to <c>/hubs/play</c>.</summary>
    public async Task<PlayerConnection> PlayerAsync(string name)
    {
        const string password = "correct-horse";
        using var _ = await Http.PostAsJsonAsync("/api/account/register", new { userName = name, password });
        return await PlayerConnection.ConnectAsync(Address, await AccountTests.LoginAsync(Http, name, password), name);
    }

    /// <summary>Kills the process with SIGKILL, as <c>kill -9</c> does, and waits until it is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The server exited with {_process.ExitCode} while starting:\n{Output}");
            try
            {
                using var health = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not answer /healthz within {StartTimeout}:\n{Output}");
    }

    void Record(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The server project's own build output (with its deps.json and native libraries), in the configuration
    // these tests were built in.
    static string ServerDll { get; } = FindServerDll();

    static string FindServerDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = bin.Name;
        var configuration = bin.Parent!.Name;
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "Server", "bin", configuration, framework, "AdventureServer.dll");
            if (File.Exists(Path.Combine(dir.FullName, "AdventureServer.sln")) && File.Exists(dll))
                return dll;
        }

        throw new FileNotFoundException($"The built server (Server/bin/{configuration}/{framework}/AdventureServer.dll) was not found above {AppContext.BaseDirectory}.");
    }
}
