using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// A Redis server of the test's own: Debian's <c>redis-server</c> on 127.0.0.1 at a free port, in a temporary
/// folder, with no persistence of its own (no RDB schedule, no AOF). <see cref="RestartAsync"/> stops and starts it
/// on the same port, as an operator's restart does; stopped and its folder deleted at dispose.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    readonly string _folder;
    ChildProcess _process;

    RedisServer(string folder, int port, ChildProcess process)
    {
        _folder = folder;
        Port = port;
        _process = process;
    }

    public int Port { get; }

    /// <summary>The address as StackExchange.Redis takes it (<c>127.0.0.1:port</c>).</summary>
    public string Configuration => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Where redis-server's output goes.</summary>
    public string LogPath => _process.LogPath;

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists("/usr/bin/redis-server"))
            Assert.Fail("These tests need Debian's redis-server: run `apt-get install redis-server`.");
        var folder = Directory.CreateTempSubdirectory("adventure-redis-").FullName;
        var port = FreePorts.One();
        var server = new RedisServer(folder, port, Launch(folder, port));
        await server.WaitUntilReadyAsync();
        return server;
    }

    /// <summary>
    /// Stops Redis and starts it again on the same port. With <paramref name="keepData"/> the data is saved at
    /// shutdown and loaded again (<c>SHUTDOWN SAVE</c>, a planned restart); without, Redis is killed and comes back
    /// empty (a crash of a Redis with no persistence). Pub/sub subscribers lose their connection either way.
    /// </summary>
    /// <param name="keepData">Whether the keys survive the restart.</param>
    /// <param name="down">How long Redis stays down before it starts again.</param>
    public async Task RestartAsync(bool keepData, TimeSpan down)
    {
        if (keepData)
        {
            await CommandAsync("SHUTDOWN SAVE");
            using var timeout = new CancellationTokenSource(StopTimeout);
            while (!_process.HasExited && !timeout.IsCancellationRequested)
                await Task.Delay(20, CancellationToken.None);
        }

        await _process.DisposeAsync();
        if (!keepData)
            File.Delete(Path.Combine(_folder, "dump.rdb"));
        await Task.Delay(down);
        _process = Launch(_folder, Port);
        await WaitUntilReadyAsync();
    }

    /// <summary>Sends one inline command and returns Redis's first reply line (<c>+PONG</c>, <c>:3</c>, ...).</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(StopTimeout);
        await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), timeout.Token);
        var buffer = new byte[4096];
        var read = 0;
        try
        {
            while (read == 0 || Array.IndexOf(buffer, (byte)'\n', 0, read) < 0)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), timeout.Token);
                if (n == 0)
                    break;
                read += n;
            }
        }
        catch (IOException)
        {
            // SHUTDOWN closes the connection without a reply.
        }

        return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\r', '\n');
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.StopAsync(StopTimeout);
            await _process.DisposeAsync();
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    static ChildProcess Launch(string folder, int port) => ChildProcess.Start(
        "redis-server",
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", folder,
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
        ],
        folder,
        Path.Combine(folder, "redis.log"));

    async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        await _process.WaitForPortAsync(Port, StartTimeout, "redis-server");
        while (DateTime.UtcNow < deadline)
        {
            // Until it has loaded its data, Redis answers -LOADING.
            if (await CommandAsync("PING") == "+PONG")
                return;
            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer PING within {StartTimeout}:\n{_process.Tail()}");
    }
}
