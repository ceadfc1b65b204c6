using System.Diagnostics;
using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 3 of issue 20: losing a node that holds only players' connections costs them a reconnect, nothing more.</summary>
public class PlayerNodeLossTests : ClusterTest
{
    [Test]
    public async Task After_a_kill_9_of_a_node_with_only_players_on_it_they_reconnect_through_nginx_and_resume_with_no_gap_and_no_duplicate()
    {
        var cluster = await StartAsync(3, SlowModel);
        var (adventureId, joinCode) = await cluster.CreateAdventureAsync("alice", maxNewTokens: 300);

        var grain = await cluster.GrainNodeAsync(adventureId);
        var others = cluster.Nodes.Where(n => n != grain).ToArray();
        var (victim, calm) = (others[0], others[1]);
        await using var alice = await cluster.PlayerAsync("alice", victim);
        await alice.OpenAsync(adventureId);
        await using var bob = await cluster.PlayerAsync("bob", victim);
        bob.Follow(await bob.CallAsync<AdventureView>("Join", joinCode));
        await using var carol = await cluster.PlayerAsync("carol", calm);
        carol.Follow(await carol.CallAsync<AdventureView>("Join", joinCode));

        var block = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I open the heavy door");
        foreach (var client in new[] { alice, bob, carol })
            await client.WaitForDeltaAsync(block, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        victim.Kill();
        var seenBefore = (Alice: alice.LastSequence(block), Bob: bob.LastSequence(block));
        var reconnect = Stopwatch.StartNew();
        var attempts = await Task.WhenAll(alice.ReconnectAsync(cluster.Address), bob.ReconnectAsync(cluster.Address));
        reconnect.Stop();
        var end = await carol.FollowToEndAsync(block, TimeSpan.FromSeconds(90));
        await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
        await bob.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
        await TestContext.Progress.WriteLineAsync(
            $"Killed {victim.Name} (grain on {grain.Name}) after sequence {seenBefore.Alice}/{seenBefore.Bob}; both reconnected through nginx in {reconnect.ElapsedMilliseconds} ms ({attempts[0]} and {attempts[1]} attempts); the stream ended at {end.LastSequence}.");

        var seen = new[] { carol, alice, bob }.Select(c => c.Observe()).ToArray();
        var integrity = IntegrityChecker.Check(seen);
        var streams = seen.ToDictionary(s => s.UserName, s => s.Blocks[block].Single());
        Assert.Multiple(() =>
        {
            Assert.That(end.State, Is.EqualTo("Done"));
            Assert.That(integrity.Errors, Is.Empty);
            Assert.That(streams.Values.Select(s => s.EndFromSnapshot), Is.All.False, "the stream ended before the reconnect; the test needs it still streaming");
            Assert.That(streams["alice"].StreamedText, Is.EqualTo(streams["carol"].StreamedText));
            Assert.That(streams["bob"].StreamedText, Is.EqualTo(streams["carol"].StreamedText));
            Assert.That(streams["alice"].Sequences, Is.EqualTo(Enumerable.Range(1, end.LastSequence)));
            foreach (var client in new[] { alice, bob, carol })
                Assert.That(client.Duplicates, Is.Zero, $"{client.UserName} was sent a delta twice");
            // The others notice nothing: carol's stream ran on without a gap or a resync.
            Assert.That((carol.Gaps, carol.Resyncs, carol.Reconnected), Is.EqualTo((0, 0, false)));
        });
    }
}
