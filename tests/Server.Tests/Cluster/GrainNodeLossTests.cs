using System.Diagnostics;
using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 4 of issue 20: the node hosting an adventure's grain dies mid-stream.</summary>
public class GrainNodeLossTests : ClusterTest
{
    // The durability rule of the stream issue: an interrupted continuation keeps what was streamed until 250 ms before the kill.
    static readonly TimeSpan Kept = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Test]
    public async Task After_a_kill_9_of_the_grains_node_the_continuation_is_kept_and_the_next_action_is_accepted_within_10_s()
    {
        var cluster = await StartAsync(3, SlowModel);
        var (adventureId, joinCode) = await cluster.CreateAdventureAsync("alice", maxNewTokens: 300);

        var grain = await cluster.GrainNodeAsync(adventureId);
        var others = cluster.Nodes.Where(n => n != grain).ToArray();
        await using var alice = await cluster.PlayerAsync("alice", others[0]);
        await alice.OpenAsync(adventureId);
        await using var bob = await cluster.PlayerAsync("bob", others[1]);
        bob.Follow(await bob.CallAsync<AdventureView>("Join", joinCode));

        var block = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I open the heavy door");
        await alice.WaitForDeltaAsync(block, TimeSpan.FromSeconds(60));
        await bob.WaitForDeltaAsync(block, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var killedAtMs = LoadClock.NowMs;
        grain.Kill();
        var sinceKill = Stopwatch.StartNew();
        Assert.That(alice.Story.Read(() => alice.Story.Current(block)!.End), Is.Null, "The continuation ended before the kill; the test needs it still streaming.");

        // As a player would: act again until the adventure takes it (refusals and errors while the grain comes back are counted).
        var meanwhile = new List<string>();
        Guid? next = null;
        while (next is null && sinceKill.Elapsed < Bound * 3)
        {
            try
            {
                next = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I step back");
            }
            catch (Exception e) when (ClusterClient.IsTransient(e))
            {
                var reason = e is Microsoft.AspNetCore.SignalR.HubException ? SimulatedPlayer.Reason(e.Message) : e.GetType().Name;
                meanwhile.Add(reason is "Unknown" ? $"{reason} ({e.Message})" : reason);
                await Task.Delay(250);
            }
        }

        var accepted = sinceKill.Elapsed;
        await TestContext.Progress.WriteLineAsync(
            $"Killed {grain.Name} (the grain's node); the next action was {(next is null ? "not accepted" : "accepted")} after {accepted.TotalSeconds:F2} s; meanwhile: {string.Join(", ", meanwhile.GroupBy(m => m).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.That(next, Is.Not.Null, $"No action was accepted within {Bound * 3} of the kill.\n{cluster.Logs()}");
        try
        {
            await alice.CallAsync("Stop", adventureId);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException)
        {
            // It may have ended already.
        }

        await alice.FollowToEndAsync(next!.Value, TimeSpan.FromSeconds(60));
        var story = await bob.CallAsync<AdventureView>("GetAdventure", adventureId);
        var killed = story.Blocks.Single(b => b.Id == block);
        var before = string.Concat(alice.Arrivals.Where(a => a.Delta.BlockId == block && a.AtMs <= killedAtMs - Kept.TotalMilliseconds)
            .OrderBy(a => a.Delta.Sequence).Select(a => a.Delta.Text));
        var actions = story.Blocks.Where(b => b.Type == "Action").Select(b => b.Text).ToArray();
        await TestContext.Progress.WriteLineAsync(
            $"The killed continuation is {killed.State} with {killed.Text.Length} characters; {before.Length} were streamed until 250 ms before the kill.");
        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.LessThanOrEqualTo(Bound), "the next action is accepted within 10 s of the kill");
            Assert.That(killed.State, Is.AnyOf("Done", "Interrupted"));
            Assert.That(before, Is.Not.Empty, "no delta arrived 250 ms before the kill");
            Assert.That(killed.Text, Does.StartWith(before), "the text streamed before the kill is kept");
            // No accepted action is lost: both are in the story, each followed by its continuation.
            Assert.That(actions, Has.Exactly(1).Contains("heavy door").And.Exactly(1).Contains("step back"));
            Assert.That(story.Blocks.Any(b => b.Id == next), Is.True);
        });
    }
}
