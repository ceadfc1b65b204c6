using System.CommandLine;
using AdventureServer.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Cli;

/// <summary>
/// <c>user add NAME --password P [--role player|gamemaster]</c>: creates an account (or gives an existing one the role);
/// <c>user remove-role NAME --role R</c>, <c>user lock NAME</c>, <c>user unlock NAME</c>, <c>user delete NAME</c>. Removing
/// a role, locking and deleting close the account's open hub connections within <c>Accounts:RevalidateEvery</c>.
/// </summary>
public static class UserCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "The account's user name." };
        var password = new Option<string>("--password") { Description = "The account's password (at least 8 characters).", Required = true };
        var role = new Option<string>("--role") { Description = "player or gamemaster.", DefaultValueFactory = _ => "player" };
        var add = new Command("add", "Create an account, or give an existing one a role.") { name, password, role };
        add.TreatUnmatchedTokensAsErrors = false;
        add.SetAction((parse, ct) => RunAsync(parse.GetValue(role)!, parse.UnmatchedTokens.ToArray(),
            (accounts, r) => accounts.AddAsync(parse.GetValue(name)!, parse.GetValue(password)!, r, allowExisting: true),
            r => $"{parse.GetValue(name)} is a {r}.", ct));

        var removedRole = new Option<string>("--role") { Description = "player or gamemaster.", Required = true };
        var removeRole = new Command("remove-role", "Take a role from an account; its tokens that claim the role stop working.") { name, removedRole };
        removeRole.TreatUnmatchedTokensAsErrors = false;
        removeRole.SetAction((parse, ct) => RunAsync(parse.GetValue(removedRole)!, parse.UnmatchedTokens.ToArray(),
            (accounts, r) => accounts.RemoveRoleAsync(parse.GetValue(name)!, r), r => $"{parse.GetValue(name)} is no longer a {r}.", ct));

        return new Command("user", "Manage accounts.")
        {
            add,
            removeRole,
            Simple("lock", "Lock an account: no login, and its open connections close.", name, (a, n) => a.LockAsync(n), "is locked"),
            Simple("unlock", "Unlock an account.", name, (a, n) => a.UnlockAsync(n), "is unlocked"),
            Simple("delete", "Delete an account; its tokens stop working.", name, (a, n) => a.DeleteAsync(n), "is deleted"),
        };
    }

    static Command Simple(string verb, string description, Argument<string> name, Func<AccountService, string, Task<IdentityResult>> change, string done)
    {
        var command = new Command(verb, description) { name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, ct) => RunAsync(Roles.Player, parse.UnmatchedTokens.ToArray(),
            (accounts, _) => change(accounts, parse.GetValue(name)!), _ => $"{parse.GetValue(name)} {done}.", ct));
        return command;
    }

    static async Task<int> RunAsync(string roleText, string[] serverArgs, Func<AccountService, string, Task<IdentityResult>> change, Func<string, string> done, CancellationToken ct)
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
        var result = await change(scope.ServiceProvider.GetRequiredService<AccountService>(), role);
        if (!result.Succeeded)
        {
            await Console.Error.WriteLineAsync($"Could not change the account: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }
        Console.WriteLine(done(role));
        return 0;
    }
}
