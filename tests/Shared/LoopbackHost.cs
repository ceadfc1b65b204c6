using AdventureServer.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Tests.Shared;

/// <summary>
/// The real server host in this process, on Kestrel at a free loopback port, with its database and keys in
/// one folder. Shared as source by the server, browser and load tests, which each add their own defaults.
/// </summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    readonly WebApplication _app;

    LoopbackHost(WebApplication app, Uri address, string dataFolder)
    {
        _app = app;
        Address = address;
        DataFolder = dataFolder;
    }

    public Uri Address { get; }

    /// <summary>Where the server keeps its database and keys.</summary>
    public string DataFolder { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the server on <paramref name="dataFolder"/>; a setting in <paramref name="args"/> replaces the default for it.</summary>
    public static async Task<LoopbackHost> StartAsync(string dataFolder, IEnumerable<string> defaults, IEnumerable<string> args)
    {
        string[] own =
        [
            "--urls=http://127.0.0.1:0",
            $"--Persistence:ConnectionString=Data Source={Path.Combine(dataFolder, "adventures.db")}",
            $"--Accounts:KeysFolder={Path.Combine(dataFolder, "keys")}",
        ];
        var given = args.ToArray();
        var app = ServerApp.Create([.. own.Concat(defaults).Where(setting => !given.Any(a => a.StartsWith(Key(setting), StringComparison.Ordinal))), .. given]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackHost(app, new Uri(address), dataFolder);
    }

    // "--Section:Key=" of a "--Section:Key=value" setting.
    static string Key(string setting) => setting[..(setting.IndexOf('=', StringComparison.Ordinal) + 1)];

    /// <summary>Deletes the data folder, if SQLite has let go of it (a leftover temp folder is harmless).</summary>
    public void DeleteDataFolder()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold its file a moment longer; the system cleans its temp folder.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
