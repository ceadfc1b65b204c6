using System.Diagnostics;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Tests.Accounts;

public class HubTokenTests
{
    // Long enough for a loaded machine, far below the default 30 s interval the tests replace with 1 s.
    static readonly TimeSpan Within = TimeSpan.FromSeconds(12);

    [Test]
    public async Task A_deleted_accounts_token_is_refused_when_it_connects_to_either_hub()
    {
        await using var server = await GameServer.StartAsync();
        var (token, _) = await AccountTokens.LoginAsync(server, "alice");
        var (gmToken, _) = await AccountTokens.LoginAsync(server, GameServer.GameMasterName, GameServer.GameMasterPassword);

        await AccountTokens.ChangeAsync(server, a => a.DeleteAsync("alice"));
        await AccountTokens.ChangeAsync(server, a => a.DeleteAsync(GameServer.GameMasterName));

        Assert.That(await RefusalAsync(server, token, "/hubs/play"), Does.Contain("Unauthorized: This account no longer exists"));
        Assert.That(await RefusalAsync(server, gmToken, "/hubs/gm"), Does.Contain("Unauthorized: This account no longer exists"));
    }

    [Test]
    public async Task Removing_the_game_master_role_closes_an_open_game_master_connection_within_the_interval()
    {
        await using var server = await GameServer.StartAsync("--Accounts:RevalidateEvery=00:00:01");
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        await gm.CallAsync<AdventureView>("Watch", created.Id);

        await AccountTokens.ChangeAsync(server, a => a.RemoveRoleAsync(GameServer.GameMasterName, Roles.GameMaster));
        var closing = Stopwatch.StartNew();
        await gm.WaitForClosedAsync().WaitAsync(Within);

        Assert.That(closing.Elapsed, Is.LessThan(Within));
        Assert.That(await RefusalAsync(server, await GameServer.TokenAsync(server, GameServer.GameMasterName, GameServer.GameMasterPassword), "/hubs/gm"),
            Does.Contain("403").Or.Contain("Forbidden"), "a new login without the role is not a game master");
        Assert.That(await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Has.Count.EqualTo(1), "other accounts play on");
    }

    [Test]
    public async Task Locking_an_account_closes_its_open_connection_and_a_failed_login_lockout_does_not()
    {
        await using var server = await GameServer.StartAsync("--Accounts:RevalidateEvery=00:00:01");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");

        // Ten wrong passwords lock bob out of logging in for a while, but must not throw him out of the game.
        for (var i = 0; i < 10; i++)
        {
            using var _ = await server.Http.PostAsync(new Uri("/api/account/login", UriKind.Relative),
                System.Net.Http.Json.JsonContent.Create(new { userName = "bob", password = "wrong-horse" }));
        }
        await AccountTokens.ChangeAsync(server, a => a.LockAsync("alice"));
        await alice.WaitForClosedAsync().WaitAsync(Within);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.That(alice.Hub.State, Is.EqualTo(HubConnectionState.Disconnected));
        Assert.That(await bob.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }

    [Test]
    public async Task A_connection_is_closed_when_its_token_expires()
    {
        await using var server = await GameServer.StartAsync("--Accounts:TokenLifetime=00:00:04");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        Assert.That(await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);

        await alice.WaitForClosedAsync().WaitAsync(Within);

        Assert.That(alice.Hub.State, Is.EqualTo(HubConnectionState.Disconnected));
    }

    [Test]
    public async Task A_connection_that_renews_its_token_through_refresh_plays_on_past_the_first_tokens_expiry()
    {
        await using var server = await GameServer.StartAsync("--Accounts:TokenLifetime=00:00:04");
        var (access, refresh) = await AccountTokens.LoginAsync(server, "alice");
        var tokens = new RenewingTokens(server.Http, access, refresh, renewAfter: TimeSpan.FromSeconds(2));
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.Address, "/hubs/play"), o => o.AccessTokenProvider = tokens.CurrentAsync)
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)])
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        await hub.StartAsync();
        var created = await hub.InvokeAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        // Past the first token's life the server closes the connection; the client reconnects with a renewed token.
        await Task.Delay(TimeSpan.FromSeconds(6));
        // On a loaded machine the reconnect may still be under way at this moment: wait for it, not for a clock.
        for (var waited = 0; hub.State != HubConnectionState.Connected && waited < 300; waited++)
            await Task.Delay(100);
        var view = await hub.InvokeAsync<AdventureView>("GetAdventure", created.Id);

        Assert.That(view.Id, Is.EqualTo(created.Id));
        Assert.That(tokens.Renewals, Is.GreaterThan(0));
    }

    static async Task<string> RefusalAsync(TestServer server, string token, string path)
    {
        try
        {
            await using var connection = await PlayerConnection.ConnectAsync(server.Address, token, "?", path);
            return (await connection.WaitForClosedAsync())?.Message ?? "closed without a reason";
        }
        catch (Exception e) when (e is not AssertionException)
        {
            return e.Message;
        }
    }
}
