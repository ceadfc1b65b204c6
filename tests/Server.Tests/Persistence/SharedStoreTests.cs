using System.Net;
using System.Net.Http.Headers;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>Two server nodes on one PostgreSQL database and one keys folder, as a cluster's front ends share them.</summary>
[Category("Postgres")]
public class SharedStoreTests
{
    [Test]
    public async Task A_token_from_one_node_works_on_the_other_and_both_see_the_same_adventures()
    {
        var data = TestServer.NewDataFolder();
        var database = await PostgresForTests.CreateDatabaseAsync();
        string[] shared = ["--Persistence:Provider=Postgres", $"--Persistence:ConnectionString={database}"];
        await using var first = await GameServer.StartInAsync(data, shared);
        await using var second = await GameServer.StartInAsync(data, shared);

        var token = await GameServer.TokenAsync(first, "alice");
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/account/me");
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var answer = await second.Http.SendAsync(me);
        await using var onFirst = await PlayerConnection.ConnectAsync(first.Address, token, "alice");
        var created = await onFirst.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var block = await onFirst.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light the lamp");
        var end = await onFirst.WaitForEndAsync(block);
        await using var onSecond = await PlayerConnection.ConnectAsync(second.Address, token, "alice");
        var seen = await onSecond.CallAsync<AdventureView>("GetAdventure", created.Id);

        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the second node accepts the first node's token");
        Assert.That(seen.Blocks.Single(b => b.Id == block).Text, Is.EqualTo(end.Text));
    }
}
