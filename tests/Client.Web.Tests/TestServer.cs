using AdventureServer.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Client.Web.Tests;

/// <summary>
/// The real server (hubs, accounts, the bundled tiny GPT-2 on the CPU, the client under wwwroot) on Kestrel,
/// on a free loopback port, with its data in a temporary folder and a game master <c>gm</c>.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string GameMasterName = "gm";
    public const string GameMasterPassword = "game-master-password";

    readonly WebApplication _app;
    readonly string _dataFolder;

    TestServer(WebApplication app, Uri address, string dataFolder)
    {
        _app = app;
        _dataFolder = dataFolder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts a server whose continuations are at most <paramref name="maxNewTokens"/> tokens long.</summary>
    public static async Task<TestServer> StartAsync(int maxNewTokens, params string[] extraArgs)
    {
        var dataFolder = Directory.CreateTempSubdirectory("adventure-browser-test-").FullName;
        var app = ServerApp.Create(
        [
            "--urls=http://127.0.0.1:0",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(dataFolder, "adventures.db")}",
            $"--Accounts:KeysFolder={Path.Combine(dataFolder, "keys")}",
            $"--Accounts:GameMaster:UserName={GameMasterName}",
            $"--Accounts:GameMaster:Password={GameMasterPassword}",
            "--Inference:Device=cpu",
            $"--Game:MaxNewTokens={maxNewTokens}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs,
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestServer(app, new Uri(address), dataFolder);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment; the temp folder is cleaned by the system.
        }
    }
}
