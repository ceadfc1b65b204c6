using AdventureServer.Inference;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Api;
using AdventureServer.Server.Persistence;

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

        builder.AddPersistence();
        builder.AddAccounts();
        builder.Services.AddInference();
        builder.AddPublicApi();
        builder.Services.AddHealthChecks();

        var app = builder.Build();
        app.ApplyMigrations();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks("/healthz");
        app.MapAccounts();
        app.MapPublicApi();
        return app;
    }
}
