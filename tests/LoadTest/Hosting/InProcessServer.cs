using AdventureServer.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.LoadTest.Hosting;

/// <summary>
/// The real server host in this process on a free loopback port, its data in a temporary folder that is
/// deleted afterwards, so a run's figures can be reproduced with one command.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly string _dataFolder;

    InProcessServer(WebApplication app, Uri address, string dataFolder)
    {
        _app = app;
        _dataFolder = dataFolder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Boots the server; <paramref name="extraArgs"/> (<c>--Section:Key=value</c>) override the defaults.</summary>
    public static async Task<InProcessServer> StartAsync(IEnumerable<string> extraArgs)
    {
        var dataFolder = Directory.CreateTempSubdirectory("adventure-load-").FullName;
        string[] defaults =
        [
            "--urls=http://127.0.0.1:0",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(dataFolder, "adventures.db")}",
            $"--Accounts:KeysFolder={Path.Combine(dataFolder, "keys")}",
            // Each request logged at Information would cost the measured machine more than the players do.
            "--Logging:LogLevel:Default=Warning",
            // Refusals (Busy, NotYourTurn) are expected under load and counted by the players; the dispatcher logs each as an error.
            "--Logging:LogLevel:Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher=Critical",
        ];
        var extra = extraArgs.ToArray();
        var app = ServerApp.Create([.. defaults.Where(d => !extra.Any(a => a.StartsWith(d[..(d.IndexOf('=', StringComparison.Ordinal) + 1)], StringComparison.Ordinal))), .. extra]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessServer(app, new Uri(address), dataFolder);
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
            // SQLite may hold its file a moment longer; a leftover temp folder is harmless.
        }
    }
}
