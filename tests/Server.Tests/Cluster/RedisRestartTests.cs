using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 5 of issue 20: the backplane goes away for a moment mid-stream.</summary>
public class RedisRestartTests : ClusterTest
{
    [TestCase(true, TestName = "After a planned Redis restart mid-stream (data saved and loaded) clients resync by sequence number and end with the same text as everyone")]
    [TestCase(false, TestName = "After Redis comes back empty mid-stream (a crash without persistence) clients resync by sequence number and end with the same text as everyone")]
    public async Task After_a_redis_restart_mid_stream_clients_resync_by_sequence_number_and_end_with_the_same_text_as_everyone(bool keepData)
    {
        var cluster = await StartAsync(3, SlowModel);
        await using var alice = await cluster.PlayerAsync("alice", cluster.Nodes[0]);
        await using var bob = await cluster.PlayerAsync("bob", cluster.Nodes[1]);
        await using var gm = await cluster.GameMasterAsync(cluster.Nodes[2]);
        var created = alice.Follow(await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 300)));
        bob.Follow(await bob.CallAsync<AdventureView>("Join", created.JoinCode));
        await gm.OpenAsync(created.Id);
        ClusterClient[] everyone = [alice, bob, gm];

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I open the heavy door");
        foreach (var client in everyone)
            await client.WaitForDeltaAsync(block, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1));
        // Down for a second; the membership table, the backplane's subscriptions and the keys live in this Redis.
        await cluster.Redis.RestartAsync(keepData, TimeSpan.FromSeconds(1));
        var ends = new List<ContinuationEnded>();
        foreach (var client in everyone)
            ends.Add(await client.FollowToEndAsync(block, TimeSpan.FromSeconds(90)));
        var stored = (await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks.Single(b => b.Id == block);
        await TestContext.Progress.WriteLineAsync(string.Join("; ", everyone.Select(c => $"{c.UserName}: {c.Gaps} gap(s), {c.Resyncs} resync(s), end {(c.Observe().Blocks[block].Single().EndFromSnapshot ? "from a snapshot" : "live")}")));

        // The backplane is back: the next continuation reaches everyone live, whole.
        var next = await bob.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I step back");
        try
        {
            await alice.CallAsync("Stop", created.Id);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            // It may have ended already.
        }

        var nextEnds = new List<ContinuationEnded>();
        foreach (var client in everyone)
            nextEnds.Add(await client.FollowToEndAsync(next, TimeSpan.FromSeconds(60)));

        Assert.Multiple(() =>
        {
            Assert.That(ends.Select(e => e.Text), Is.All.EqualTo(stored.Text));
            foreach (var client in everyone)
                Assert.That(client.Duplicates, Is.Zero, $"{client.UserName} was sent a delta twice");
            Assert.That(nextEnds.Select(e => e.Text).Distinct().Count(), Is.EqualTo(1));
            Assert.That(everyone.Select(c => c.Observe().Blocks[next].Single().EndFromSnapshot), Is.All.False, "after the restart the stream reaches everyone live");
        });
    }
}
