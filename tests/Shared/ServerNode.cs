using System.Globalization;
using System.Net;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// One server node as a child process of the test: <c>dotnet AdventureServer.dll serve --urls http://127.0.0.1:port</c>
/// and the given settings, the build found in the test's own output folder. Its stdout and stderr go to a log file
/// (<see cref="Tail"/> for failure messages). <see cref="Kill"/> is <c>kill -9</c> (a crash), <see cref="StopAsync"/>
/// SIGTERM with a bound; the process is always killed at dispose.
/// </summary>
internal sealed class ServerNode : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    readonly ChildProcess _process;

    ServerNode(string name, int port, ChildProcess process)
    {
        Name = name;
        Port = port;
        _process = process;
        Address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        Http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The node's name (<c>--Cluster:NodeName</c>).</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>A client of this node alone.</summary>
    public HttpClient Http { get; }

    public string LogPath => _process.LogPath;

    /// <summary>Whether the process has ended (killed, stopped or crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The built server beside the test's assembly (a test project that references Server gets it with its deps.json).</summary>
    public static string ServerDll { get; } = FindServerDll();

    /// <summary>
    /// Starts a node named <paramref name="name"/> on <paramref name="port"/> with <paramref name="settings"/>
    /// (<c>--Section:Key=value</c>) in <paramref name="workingDirectory"/> (where relative data paths resolve), its log
    /// in <paramref name="logFolder"/> and <paramref name="environment"/> added to its environment; returns once
    /// <c>/healthz</c> answers 200.
    /// </summary>
    public static async Task<ServerNode> StartAsync(string name, int port, IEnumerable<string> settings, string workingDirectory, string logFolder,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var log = Path.Combine(logFolder, $"{name}.log");
        var process = ChildProcess.Start(
            "dotnet",
            [ServerDll, "serve", "--urls", string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"), .. settings],
            workingDirectory,
            log,
            environment);
        var node = new ServerNode(name, port, process);
        try
        {
            await node.WaitUntilHealthyAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>The last lines of the node's log.</summary>
    public string Tail(int lines = 60) => _process.Tail(lines);

    /// <summary>SIGKILL, as <c>kill -9</c>: nothing of the node's shutdown runs. Returns once it is gone.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM (the graceful stop), SIGKILL after a bound.</summary>
    public Task StopAsync() => _process.StopAsync(StopTimeout);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }

    async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Node {Name} exited with {_process.ExitCode} while starting:\n{Tail()}");
            try
            {
                using var health = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Node {Name} did not answer /healthz within {StartTimeout}:\n{Tail()}");
    }

    static string FindServerDll()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AdventureServer.dll");
        if (!File.Exists(dll) || !File.Exists(Path.Combine(AppContext.BaseDirectory, "AdventureServer.runtimeconfig.json")))
            throw new FileNotFoundException($"The built server (AdventureServer.dll with its runtimeconfig.json) is not in {AppContext.BaseDirectory}; the test project must reference Server.");
        return dll;
    }
}
