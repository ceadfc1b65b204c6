using System.CommandLine;
using System.Globalization;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Api.Keys;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Cli;

/// <summary><c>apikey create USER [--name N]</c>, <c>apikey list USER</c>, <c>apikey revoke ID</c>: keys for the public HTTP API.</summary>
public static class ApiKeyCommand
{
    public static Command Create()
    {
        var user = new Argument<string>("user") { Description = "The account's user name." };
        var name = new Option<string>("--name") { Description = "A label for the key, e.g. the program that will use it.", DefaultValueFactory = _ => "" };
        var create = new Command("create", "Create a key for an account; the key is printed once and cannot be shown again.") { user, name };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((parse, ct) => WithKeysAsync(parse.UnmatchedTokens.ToArray(), keys => CreateAsync(keys, parse.GetValue(user)!, parse.GetValue(name)!, ct), ct));

        var listUser = new Argument<string>("user") { Description = "The account's user name." };
        var list = new Command("list", "List an account's keys (their prefixes, never the keys).") { listUser };
        list.TreatUnmatchedTokensAsErrors = false;
        list.SetAction((parse, ct) => WithKeysAsync(parse.UnmatchedTokens.ToArray(), keys => ListAsync(keys, parse.GetValue(listUser)!, ct), ct));

        var id = new Argument<int>("id") { Description = "The key's id, as 'apikey list' shows it." };
        var revoke = new Command("revoke", "Revoke a key; requests with it are refused from then on.") { id };
        revoke.TreatUnmatchedTokensAsErrors = false;
        revoke.SetAction((parse, ct) => WithKeysAsync(parse.UnmatchedTokens.ToArray(), keys => RevokeAsync(keys, parse.GetValue(id), ct), ct));

        return new Command("apikey", "Manage keys for the OpenAI- and KoboldAI-compatible HTTP API.") { create, list, revoke };
    }

    static async Task<int> WithKeysAsync(string[] serverArgs, Func<ApiKeyService, Task<int>> action, CancellationToken ct)
    {
        // Only warnings on the console: stdout carries the key, for scripts to capture.
        await using var app = ServerApp.Create(["--Logging:LogLevel:Default=Warning", .. serverArgs]);
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().Database.MigrateAsync(ct);
        return await action(scope.ServiceProvider.GetRequiredService<ApiKeyService>());
    }

    static async Task<int> CreateAsync(ApiKeyService keys, string user, string name, CancellationToken ct)
    {
        var created = await keys.CreateAsync(user, name, ct);
        if (created is null)
            return await NoSuchAccountAsync(user);
        Console.WriteLine(created.Secret);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Key {created.Summary.Id} for {created.Summary.UserName}. Copy it now: only its prefix ({created.Summary.Prefix}…) is kept."));
        return 0;
    }

    static async Task<int> ListAsync(ApiKeyService keys, string user, CancellationToken ct)
    {
        var list = await keys.ListAsync(user, ct);
        if (list is null)
            return await NoSuchAccountAsync(user);
        foreach (var key in list)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{key.Id}\t{key.Prefix}…\t{key.CreatedUtc:yyyy-MM-dd HH:mm}Z\t{(key.IsRevoked ? "revoked" : "active")}\t{key.Name}"));
        return 0;
    }

    static async Task<int> RevokeAsync(ApiKeyService keys, int id, CancellationToken ct)
    {
        if (!await keys.RevokeAsync(id, cancellationToken: ct))
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"There is no key {id}; 'apikey list USER' shows an account's keys."));
            return 1;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Key {id} is revoked."));
        return 0;
    }

    static async Task<int> NoSuchAccountAsync(string user)
    {
        await Console.Error.WriteLineAsync($"There is no account named {user}; create it with 'user add {user} --password …'.");
        return 1;
    }
}
