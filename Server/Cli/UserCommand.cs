using System.CommandLine;
using AdventureServer.Server.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Cli;

/// <summary><c>user add NAME --password P [--role player|gamemaster]</c>: creates an account (or gives an existing one the role).</summary>
public static class UserCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The account's user name." };
        var password = new Option<string>("--password") { Description = "The account's password (at least 8 characters).", Required = true };
        var role = new Option<string>("--role") { Description = "player or gamemaster.", DefaultValueFactory = _ => "player" };
        var add = new Command("add", "Create an account, or give an existing one a role.") { name, password, role };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((parse, ct) => AddAsync(parse.GetValue(name)!, parse.GetValue(password)!, parse.GetValue(role)!, parse.UnmatchedTokens.ToArray(), ct));
        return new Command("user", "Manage accounts.") { add };
    }

    static async Task<int> AddAsync(string name, string password, string roleText, string[] serverArgs, CancellationToken ct)
    {
        string role;
        try
        {
            role = Roles.Parse(roleText);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        await using var app = ServerApp.Create(serverArgs);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(ct);
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().AddAsync(name, password, role, allowExisting: true);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"Could not add {name}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }
        Console.WriteLine($"{name} is a {role}.");
        return 0;
    }
}
