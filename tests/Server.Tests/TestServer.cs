using AdventureServer.Tests.Shared;

namespace AdventureServer.Server.Tests;

/// <summary>The real server host on Kestrel, on a free loopback port, with its data in a temporary folder.</summary>
public sealed class TestServer : IAsyncDisposable
{
    readonly LoopbackHost _host;

    TestServer(LoopbackHost host)
    {
        _host = host;
        Http = new HttpClient { BaseAddress = host.Address };
    }

    public Uri Address => _host.Address;

    /// <summary>Where this server keeps its database and keys; pass it to <see cref="StartInAsync"/> again to restart on the same data.</summary>
    public string DataFolder => _host.DataFolder;

    public HttpClient Http { get; }

    public IServiceProvider Services => _host.Services;

    public static Task<TestServer> StartAsync(params string[] extraArgs) => StartInAsync(NewDataFolder(), extraArgs);

    public static async Task<TestServer> StartInAsync(string dataFolder, params string[] extraArgs) =>
        new(await LoopbackHost.StartAsync(dataFolder, [], extraArgs));

    public static string NewDataFolder() => TestFolders.New("adventure-test-");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.DisposeAsync();
    }
}
