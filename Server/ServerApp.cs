using AdventureServer.Server.Accounts;
using AdventureServer.Server.Api;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Configuration;
using AdventureServer.Server.Engine;
using AdventureServer.Server.Observability;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play;

namespace AdventureServer.Server;

/// <summary>Builds the web application: the table of contents of the running server.</summary>
public static class ServerApp
{
    /// <summary>Creates the configured application; <paramref name="args"/> are ASP.NET Core's own (e.g. <c>--urls</c>).</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.AddClusterFile(args);
        builder.UseListenAddress();
        builder.AddPersistence();
        builder.AddAccounts();
        builder.AddInference();
        // Before the game: hosted services stop in reverse order, so a stopping node saves its streams while its silo runs.
        builder.AddCluster();
        builder.AddGame();
        builder.AddObservability();
        builder.AddPublicApi();

        var app = builder.Build();
        app.ApplyMigrations();
        app.RefuseHubConnectionsWhileStopping();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseApiCors();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapObservability();
        app.MapAccounts();
        app.MapGameHubs();
        app.MapCluster();
        app.MapAdventureFiles();
        app.MapPublicApi();
        // The game masters' page; the players' index.html is the default file.
        app.MapFallbackToFile("/gm", "gm.html");
        return app;
    }
}
