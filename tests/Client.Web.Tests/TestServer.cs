using AdventureServer.Tests.Shared;

namespace AdventureServer.Client.Web.Tests;

/// <summary>
/// The real server (hubs, accounts, the bundled tiny GPT-2 on the CPU, the client under wwwroot) on Kestrel,
/// on a free loopback port, with its data in a temporary folder and a game master <c>gm</c>.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string GameMasterName = "gm";
    public const string GameMasterPassword = "game-master-password";

    readonly LoopbackHost _host;

    TestServer(LoopbackHost host) => _host = host;

    public Uri Address => _host.Address;

    /// <summary>Starts a server whose continuations are at most <paramref name="maxNewTokens"/> tokens long.</summary>
    public static async Task<TestServer> StartAsync(int maxNewTokens, params string[] extraArgs)
    {
        var dataFolder = Directory.CreateTempSubdirectory("adventure-browser-test-").FullName;
        string[] defaults =
        [
            $"--Accounts:GameMaster:UserName={GameMasterName}",
            $"--Accounts:GameMaster:Password={GameMasterPassword}",
            "--Inference:Device=cpu",
            $"--Game:MaxNewTokens={maxNewTokens}",
            "--Logging:LogLevel:Default=Warning",
        ];
        return new TestServer(await LoopbackHost.StartAsync(dataFolder, defaults, extraArgs));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _host.DeleteDataFolder();
    }
}
