using System.Net.Http.Json;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

/// <summary>Starts the real server with the golden tiny model on the CPU and connects players and game masters to it.</summary>
public static class GameServer
{
    public const string GameMasterName = "gm";
    public const string GameMasterPassword = "dungeon-master";
    const string Password = "correct-horse";

    /// <summary>The golden tiny GPT-2 (gibberish, but fast), found beside the repository root.</summary>
    public static string TinyModel { get; } = FindTinyModel();

    /// <summary>The server's arguments: the tiny model, the CPU, a seeded game master, then <paramref name="extra"/>.</summary>
    public static string[] Args(params string[] extra) =>
    [
        $"--Inference:Model={TinyModel}",
        "--Inference:Device=cpu",
        "--Logging:LogLevel:Default=Warning",
        $"--Accounts:GameMaster:UserName={GameMasterName}",
        $"--Accounts:GameMaster:Password={GameMasterPassword}",
        .. extra,
    ];

    public static Task<TestServer> StartAsync(params string[] extra) => TestServer.StartAsync(Args(extra));

    public static Task<TestServer> StartInAsync(string dataFolder, params string[] extra) => TestServer.StartInAsync(dataFolder, Args(extra));

    /// <summary>Registers <paramref name="name"/> (if new), logs in and returns the bearer token.</summary>
    public static async Task<string> TokenAsync(TestServer server, string name, string password = Password)
    {
        using var _ = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = name, password });
        return await AccountTests.LoginAsync(server.Http, name, password);
    }

    /// <summary>A player connected to <c>/hubs/play</c>.</summary>
    public static async Task<PlayerConnection> PlayerAsync(TestServer server, string name) =>
        await PlayerConnection.ConnectAsync(server.Address, await TokenAsync(server, name), name);

    /// <summary>The seeded game master connected to <c>/hubs/gm</c>.</summary>
    public static async Task<PlayerConnection> GameMasterAsync(TestServer server) =>
        await PlayerConnection.ConnectAsync(server.Address, await TokenAsync(server, GameMasterName, GameMasterPassword), GameMasterName, "/hubs/gm");

    /// <summary>A short scenario whose continuations have <paramref name="maxNewTokens"/> tokens at most.</summary>
    public static CreateAdventureRequest Scenario(int maxNewTokens = 24, long? seed = 7) => new(
        "The Cellar",
        "You are ${name}, standing at the top of the cellar stairs.",
        new Dictionary<string, string> { ["name"] = "Ada" },
        Settings: new SettingsView(0.8, 40, 0.9, 1.1, maxNewTokens, seed, []));

    static string FindTinyModel()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AdventureServer.sln")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "golden", "tiny-gpt2-a"));
        }

        throw new DirectoryNotFoundException("AdventureServer.sln not found above the test's folder.");
    }
}
