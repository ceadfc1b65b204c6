using AdventureServer.Tests.Shared;

namespace AdventureServer.LoadTest.Hosting;

/// <summary>
/// The real server host in this process on a free loopback port, its data in a temporary folder that is
/// deleted afterwards, so a run's figures can be reproduced with one command.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    readonly LoopbackHost _host;

    InProcessServer(LoopbackHost host) => _host = host;

    public Uri Address => _host.Address;

    /// <summary>Boots the server; <paramref name="extraArgs"/> (<c>--Section:Key=value</c>) override the defaults.</summary>
    public static async Task<InProcessServer> StartAsync(IEnumerable<string> extraArgs)
    {
        var dataFolder = Directory.CreateTempSubdirectory("adventure-load-").FullName;
        string[] defaults =
        [
            // Each request logged at Information would cost the measured machine more than the players do.
            "--Logging:LogLevel:Default=Warning",
            // Refusals (Busy, NotYourTurn) are expected under load and counted by the players; the dispatcher logs each as an error.
            "--Logging:LogLevel:Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher=Critical",
        ];
        return new InProcessServer(await LoopbackHost.StartAsync(dataFolder, defaults, extraArgs));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _host.DeleteDataFolder();
    }
}
