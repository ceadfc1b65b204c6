using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Accounts;

public class RefreshTests
{
    [Test]
    public async Task A_refresh_token_gives_a_new_pair_whose_access_token_the_hub_accepts()
    {
        await using var server = await TestServer.StartAsync();
        var (_, refresh) = await AccountTokens.LoginAsync(server, "alice");

        using var response = await server.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = refresh });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var access = body.GetProperty("accessToken").GetString()!;
        await using var alice = await PlayerConnection.ConnectAsync(server.Address, access, "alice");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("refreshToken").GetString(), Is.Not.Empty);
        Assert.That(body.GetProperty("expiresIn").GetInt32(), Is.GreaterThan(0));
        Assert.That(await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }

    [Test]
    public async Task A_refresh_is_refused_for_a_deleted_locked_or_changed_account_and_for_a_malformed_token()
    {
        await using var server = await TestServer.StartAsync();
        var (_, alice) = await AccountTokens.LoginAsync(server, "alice");
        var (_, bob) = await AccountTokens.LoginAsync(server, "bob");
        var (_, carol) = await AccountTokens.LoginAsync(server, "carol");

        await AccountTokens.ChangeAsync(server, a => a.DeleteAsync("alice"));
        await AccountTokens.ChangeAsync(server, a => a.LockAsync("bob"));
        await AccountTokens.ChangeAsync(server, a => a.RemoveRoleAsync("carol", Roles.Player));

        foreach (var token in new[] { alice, bob, carol, "not-a-token", "" })
        {
            using var response = await server.Http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = token });
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), token);
        }
    }
}
