using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests;

/// <summary>The real server host on Kestrel, on a free loopback port, with its data in a temporary folder.</summary>
public sealed class TestServer : IAsyncDisposable
{
    readonly WebApplication _app;

    TestServer(WebApplication app, Uri address, string dataFolder)
    {
        _app = app;
        Address = address;
        DataFolder = dataFolder;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    /// <summary>Where this server keeps its database and keys; pass it to <see cref="StartInAsync"/> again to restart on the same data.</summary>
    public string DataFolder { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<TestServer> StartAsync(params string[] extraArgs) => StartInAsync(NewDataFolder(), extraArgs);

    public static async Task<TestServer> StartInAsync(string dataFolder, params string[] extraArgs)
    {
        string[] defaults =
        [
            "--urls=http://127.0.0.1:0",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(dataFolder, "adventures.db")}",
            $"--Accounts:KeysFolder={Path.Combine(dataFolder, "keys")}",
        ];
        // A setting the test passes replaces the default for it.
        var app = ServerApp.Create([.. defaults.Where(d => !extraArgs.Any(a => a.StartsWith(d[..(d.IndexOf('=', StringComparison.Ordinal) + 1)], StringComparison.Ordinal))), .. extraArgs]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address), dataFolder);
    }

    public static string NewDataFolder() => Directory.CreateTempSubdirectory("adventure-test-").FullName;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
