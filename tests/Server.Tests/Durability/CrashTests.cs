using System.Collections.Concurrent;
using System.Diagnostics;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Durability;

public class CrashTests
{
    // gpt2-sized random weights write a few tens of tokens a second here, so 400 tokens stream far longer
    // than the test waits before the kill.
    const string Slow = "--Inference:RandomWeights=gpt2";
    static readonly TimeSpan Kept = TimeSpan.FromMilliseconds(250);

    [Test]
    public async Task After_a_kill_9_mid_stream_each_interrupted_continuation_keeps_what_was_streamed_until_250_ms_before()
    {
        var data = TestServer.NewDataFolder();
        var received = new ConcurrentQueue<(long At, StoryDelta Delta)>();
        var blocks = new List<(Guid Adventure, Guid Block)>();
        long killedAt;
        await using (var server = await ChildServer.StartAsync(data, Slow))
        {
            await using var alice = await server.PlayerAsync("alice");
            alice.DeltaReceived += d => received.Enqueue((Stopwatch.GetTimestamp(), d));
            // Three streams at once: each is saved on its own schedule, so a cadence that keeps too little
            // cannot pass by luck on all three.
            for (var i = 0; i < 3; i++)
            {
                var adventure = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 400));
                blocks.Add((adventure.Id, await alice.CallAsync<Guid>("Act", adventure.Id, ActionKind.Do, $"I open door number {i}")));
            }

            foreach (var (_, block) in blocks)
                await alice.WaitForDeltaAsync(block);
            await Task.Delay(TimeSpan.FromSeconds(2));
            killedAt = Stopwatch.GetTimestamp();
            server.Kill();
            Assert.That(blocks.Select(b => alice.WaitForEndAsync(b.Block).IsCompleted), Is.All.False,
                "A continuation ended before the kill; the test needs them still streaming.");
        }

        var deadline = killedAt - (long)(Kept.TotalSeconds * Stopwatch.Frequency);
        await using var again = await ChildServer.StartAsync(data, Slow);
        await using var back = await again.PlayerAsync("alice");
        foreach (var (adventureId, blockId) in blocks)
        {
            var seen = string.Concat(received
                .Where(r => r.Delta.BlockId == blockId && r.At <= deadline)
                .OrderBy(r => r.Delta.Sequence)
                .Select(r => r.Delta.Text));
            var story = await back.CallAsync<AdventureView>("GetAdventure", adventureId);
            var block = story.Blocks.Single(b => b.Id == blockId);

            Assert.That(seen, Is.Not.Empty, "No delta arrived 250 ms before the kill.");
            Assert.That(block.State, Is.EqualTo(nameof(ContinuationState.Interrupted)));
            Assert.That(block.Text, Does.StartWith(seen));
        }
    }
}
