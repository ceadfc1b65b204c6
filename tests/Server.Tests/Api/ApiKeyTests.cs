using AdventureServer.Server.Tests.Cli;
using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Api.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Api;

[NonParallelizable] // the verbs write to the process's console
public class ApiKeyTests
{
    [Test]
    public async Task A_key_is_stored_only_as_a_hash_and_a_prefix_and_works_until_revoked()
    {
        await using var server = await TestServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountService>().AddAsync("alice", "correct-horse", Roles.Player);
        var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();

        var created = (await keys.CreateAsync("alice", "laptop"))!;
        var stored = await scope.ServiceProvider.GetRequiredService<AccountsDbContext>().ApiKeys.AsNoTracking().SingleAsync();
        var caller = await keys.AuthenticateAsync(created.Secret);
        await keys.RevokeAsync(created.Summary.Id);

        Assert.That(created.Secret, Does.StartWith("sk-adv-").And.Length.GreaterThan(40));
        Assert.That(stored.Hash, Is.Not.EqualTo(created.Secret).And.Not.Contain(created.Secret[7..]));
        Assert.That(created.Secret, Does.StartWith(stored.Prefix));
        Assert.That(caller?.KeyId, Is.EqualTo(created.Summary.Id));
        Assert.That(await keys.AuthenticateAsync(created.Secret), Is.Null, "revoked");
        Assert.That((await keys.ListAsync("alice"))!.Single().IsRevoked, Is.True);
        Assert.That(await keys.CreateAsync("nobody"), Is.Null);
    }

    [Test]
    public async Task The_apikey_verb_creates_a_key_the_server_accepts_lists_it_by_prefix_and_revokes_it()
    {
        var data = TestServer.NewDataFolder();
        string[] at = [$"--Persistence:ConnectionString=Data Source={Path.Combine(data, "adventures.db")}", $"--Accounts:KeysFolder={Path.Combine(data, "keys")}"];
        Assert.That(CommandLine.Invoke(["user", "add", "bob", "--password", "correct-horse", .. at]).ExitCode, Is.Zero);

        var create = CommandLine.Invoke(["apikey", "create", "bob", "--name", "script", .. at]);
        var secret = create.Out.Trim();
        var list = CommandLine.Invoke(["apikey", "list", "bob", .. at]);
        var id = list.Out.Split('\t')[0];
        int status;
        await using (var server = await TestServer.StartInAsync(data))
        {
            using var response = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/abort", new { genkey = "none" }, secret));
            status = (int)response.StatusCode;
            Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean(), Is.False);
        }
        var revoke = CommandLine.Invoke(["apikey", "revoke", id, .. at]);
        var afterRevoke = CommandLine.Invoke(["apikey", "list", "bob", .. at]);

        Assert.That(create.ExitCode, Is.Zero, create.Error);
        Assert.That(secret, Does.StartWith("sk-adv-"));
        Assert.That(status, Is.EqualTo(200));
        Assert.That(list.Out, Does.Contain(secret[..12]).And.Contain("active").And.Contain("script").And.Not.Contain(secret));
        Assert.That(revoke.ExitCode, Is.Zero);
        Assert.That(afterRevoke.Out, Does.Contain("revoked"));
        Assert.That(CommandLine.Invoke(["apikey", "create", "nobody", .. at]).ExitCode, Is.EqualTo(1));
    }

}
