using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>The harness itself: nginx in front of the nodes, WebSockets through it, and a killed node skipped.</summary>
public class BalancerTests : ClusterTest
{
    [Test]
    public async Task Through_nginx_a_player_connects_over_websockets_without_negotiation_and_plays_a_turn_to_its_end()
    {
        var cluster = await StartAsync(2);
        await using var alice = await cluster.PlayerAsync("alice");

        var created = alice.Follow(await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 48)));
        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light the lamp");
        var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
        var stored = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);

        Assert.That(end.State, Is.EqualTo("Done"));
        Assert.That(stored.Blocks.Single(b => b.Id == block).Text, Is.EqualTo(end.Text));
        Assert.That(alice.LastSequence(block), Is.EqualTo(end.LastSequence).And.GreaterThan(0));
    }

    [Test]
    public async Task After_a_kill_9_of_one_node_every_request_and_hub_connection_through_nginx_is_answered_by_the_other()
    {
        var cluster = await StartAsync(2);
        await using var alice = await cluster.PlayerAsync("alice");
        cluster.Node("node-b").Kill();

        var answers = new List<int>();
        for (var i = 0; i < 6; i++)
        {
            using var health = await cluster.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
            answers.Add((int)health.StatusCode);
        }
        // Through nginx again, retrying as the browser does: right after a kill the dead silo is not yet declared dead.
        var attempts = await alice.ReconnectAsync(cluster.Address);
        var mine = await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures");
        await TestContext.Progress.WriteLineAsync($"A hub connection through nginx right after the kill took {attempts} attempt(s).");

        Assert.That(answers, Is.All.EqualTo(200));
        Assert.That(mine, Is.Empty);
    }
}
