using System.CommandLine;
using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Persistence.Export;
using AdventureServer.Server.Play;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>export ADVENTURE_ID [--out FILE]</c> writes an adventure's export file (to standard output without <c>--out</c>);
/// <c>import FILE --owner USERNAME</c> creates a new adventure hosted by that account from an export file or a KoboldAI
/// story and prints its id and join code. Both read the server's settings (<c>--Persistence:ConnectionString=...</c>)
/// and touch nothing else: no model is loaded, and a running server's live continuations are left alone.
/// </summary>
public static class AdventureFileCommands
{
    public static Command Export()
    {
        var id = new Argument<Guid>("adventure") { Description = "The adventure's id." };
        var output = new Option<FileInfo?>("--out") { Description = "The file to write; standard output when left out." };
        var command = new Command("export", "Write an adventure as an export file (versioned JSON).") { id, output };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            await using var app = Build(parse.UnmatchedTokens.ToArray());
            await using var scope = app.Services.CreateAsyncScope();
            var json = await scope.ServiceProvider.GetRequiredService<AdventureRepository>().ExportAsync(parse.GetValue(id), ct);
            if (json is null)
            {
                await Console.Error.WriteLineAsync($"There is no adventure {parse.GetValue(id)}.");
                return 1;
            }

            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, ct);
                await Console.Error.WriteLineAsync($"Wrote {file.FullName}.");
            }
            else
            {
                Console.WriteLine(json);
            }

            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var path = new Argument<FileInfo>("file") { Description = "An export file or a KoboldAI story (.json)." };
        var owner = new Option<string>("--owner") { Description = "The user name of the account that will host the adventure.", Required = true };
        var command = new Command("import", "Create an adventure from an export file or a KoboldAI story.") { path, owner };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(path)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"There is no file {file.FullName}.");
                return 2;
            }

            if (file.Length > AdventureFileEndpoints.MaxImportBytes)
            {
                await Console.Error.WriteLineAsync($"{file.Name} has {file.Length} bytes; at most {AdventureFileEndpoints.MaxImportBytes} (2 MiB) are accepted.");
                return 1;
            }

            await using var app = Build(parse.UnmatchedTokens.ToArray());
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(ct);
            var account = await scope.ServiceProvider.GetRequiredService<UserManager<Account>>().FindByNameAsync(parse.GetValue(owner)!);
            if (account is null)
            {
                await Console.Error.WriteLineAsync($"There is no account named '{parse.GetValue(owner)}'.");
                return 1;
            }

            try
            {
                var adventure = await scope.ServiceProvider.GetRequiredService<AdventureRepository>()
                    .ImportAsync(await File.ReadAllTextAsync(file.FullName, ct), new Actor(account.Id, account.UserName ?? parse.GetValue(owner)!), ct);
                Console.WriteLine($"Imported \"{adventure.Title}\" as {adventure.Id}, join code {adventure.JoinCode}, hosted by {account.UserName}.");
                return 0;
            }
            catch (AdventureFileException e)
            {
                await Console.Error.WriteLineAsync($"{file.Name} cannot be imported: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    // The database and accounts only, with the game's configured limits; migrations are applied without interrupting
    // the continuations a running server may be writing (which serving's start-up does).
    static WebApplication Build(string[] serverArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = serverArgs, ContentRootPath = AppContext.BaseDirectory });
        // Standard output carries the file (export) or the result (import): log warnings only, to standard error.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter((_, level) => level >= LogLevel.Warning);
        builder.AddPersistence();
        builder.AddAccounts();
        var options = builder.Configuration.GetSection(GameOptions.Section).Get<GameOptions>() ?? new GameOptions();
        builder.Services.Replace(ServiceDescriptor.Singleton<GameLimits>(options.ToLimits()));
        var app = builder.Build();
        using var scope = app.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<GameDbContext>().Database.Migrate();
        return app;
    }
}
