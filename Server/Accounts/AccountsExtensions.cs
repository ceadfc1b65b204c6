using AdventureServer.Server.Configuration;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Persistence.Postgres;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Accounts;

/// <summary>Accounts, roles and bearer tokens (ASP.NET Core Identity on the game's SQLite database).</summary>
public static class AccountsExtensions
{
    /// <summary>The Data Protection application name: servers with the same one and the same keys accept each other's tokens.</summary>
    public const string ApplicationName = "AdventureServer";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AccountsOptions.Section).Get<AccountsOptions>() ?? new AccountsOptions();
        builder.Services.AddOptions<AccountsOptions>().BindConfiguration(AccountsOptions.Section)
            .Validate(o => o.RevalidateEvery > TimeSpan.Zero && o.TokenLifetime > TimeSpan.Zero,
                "Accounts:RevalidateEvery and Accounts:TokenLifetime must be positive.")
            .ValidateOnStart();

        builder.Services.AddDatabase<AccountsDbContext, PostgresAccountsDbContext>(builder.Configuration.PersistenceOptions());

        // Tokens are signed with data-protection keys; keeping them on disk lets tokens survive a restart, and
        // nodes that share the folder and the application name accept each other's tokens.
        builder.Services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToFileSystem(new DirectoryInfo(DataPath.ResolveFolder(options.KeysFolder)));

        builder.Services.AddAuthentication(IdentityConstants.BearerScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, bearer =>
            {
                bearer.BearerTokenExpiration = options.TokenLifetime;
                bearer.Events = new BearerTokenEvents { OnMessageReceived = ReadHubTokenFromQuery };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.GameMaster, policy => policy.RequireRole(Roles.GameMaster));

        builder.Services.AddIdentityCore<Account>(identity =>
            {
                identity.Password.RequiredLength = 8;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireDigit = false;
                identity.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
                identity.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AccountsDbContext>()
            .AddSignInManager();

        builder.Services.AddScoped<AccountService>();
        builder.Services.AddScoped<AccountCheck>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddHostedService<AccountRevalidator>();
        builder.Services.AddHostedService<DatabaseMigrator<AccountsDbContext>>();
        builder.Services.AddHostedService<GameMasterSeeder>();
        return builder;
    }

    // Browsers cannot set headers on WebSocket connects, so SignalR sends the token as ?access_token=.
    static Task ReadHubTokenFromQuery(MessageReceivedContext context)
    {
        var token = context.Request.Query["access_token"];
        if (!string.IsNullOrEmpty(token) && context.HttpContext.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
            context.Token = token;
        return Task.CompletedTask;
    }
}
