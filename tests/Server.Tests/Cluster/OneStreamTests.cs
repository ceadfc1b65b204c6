using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 1 of issue 20: one story stream reaches every node's connections, token by token.</summary>
public class OneStreamTests : ClusterTest
{
    const int Turns = 4;

    [Test]
    public async Task Two_players_on_different_nodes_and_a_game_master_on_a_third_see_one_stream_with_no_gap_and_no_duplicate()
    {
        var cluster = await StartAsync(3);
        await using var alice = await cluster.PlayerAsync("alice", cluster.Nodes[0]);
        await using var bob = await cluster.PlayerAsync("bob", cluster.Nodes[1]);
        await using var gm = await cluster.GameMasterAsync(cluster.Nodes[2]);
        var created = alice.Follow(await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 48)));
        bob.Follow(await bob.CallAsync<AdventureView>("Join", created.JoinCode));
        await gm.OpenAsync(created.Id);
        ClusterClient[] everyone = [alice, bob, gm];

        for (var turn = 0; turn < Turns; turn++)
        {
            var actor = turn % 2 == 0 ? alice : bob;
            var block = await actor.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I open door number {turn}");
            foreach (var client in everyone)
                await client.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
        }

        var seen = everyone.Select(c => c.Observe()).ToArray();
        var integrity = IntegrityChecker.Check(seen);
        Assert.Multiple(() =>
        {
            Assert.That(integrity.Errors, Is.Empty);
            Assert.That(integrity.StreamsChecked, Is.EqualTo(Turns * everyone.Length));
            foreach (var client in everyone)
            {
                Assert.That(client.Gaps, Is.Zero, $"{client.UserName} met a gap");
                Assert.That(client.Duplicates, Is.Zero, $"{client.UserName} was sent a delta twice");
            }

            // Whole streams, received live: no record began from a snapshot or ended from one.
            Assert.That(seen.SelectMany(s => s.Blocks.Values.SelectMany(b => b)).Where(s => s.Seeded || s.EndFromSnapshot), Is.Empty);
        });
    }
}
