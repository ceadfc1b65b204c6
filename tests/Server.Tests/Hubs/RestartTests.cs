using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

public class RestartTests
{
    // gpt2-sized random weights in float32 write about 30 tokens a second here (bfloat16, which auto picks on a CPU with
    // avx512_bf16, about 100: fast enough to finish 96 tokens while the server stops).
    static readonly string[] Slow = ["--Inference:RandomWeights=gpt2", "--Inference:DType=float32"];

    [Test]
    public async Task A_continuation_cut_off_by_a_server_stop_is_kept_as_interrupted_and_can_be_retried()
    {
        var data = TestServer.NewDataFolder();
        Guid adventureId, first, cut;
        // At about 30 tokens a second (Slow) the second continuation is still being written when the server stops (the
        // tiny model could finish all 96 tokens first).
        await using (var server = await GameServer.StartInAsync(data, Slow))
        {
            await using var alice = await GameServer.PlayerAsync(server, "alice");
            var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96));
            adventureId = created.Id;
            first = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I light the lamp");
            await alice.WaitForEndAsync(first);
            cut = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Say, "Is anyone down there?");
            await alice.WaitForDeltaAsync(cut);
            // Leaving the block stops the server while the second continuation is being written.
        }

        await using var again = await GameServer.StartInAsync(data, Slow);
        await using var back = await GameServer.PlayerAsync(again, "alice");
        var story = await back.CallAsync<AdventureView>("GetAdventure", adventureId);

        Assert.That(story.Blocks.Select(b => b.Text).Where(t => t.StartsWith('>')),
            Is.EqualTo(new[] { "> You light the lamp.", "> You say \"Is anyone down there?\"" }));
        Assert.That(story.Blocks.Single(b => b.Id == first).State, Is.EqualTo("Done"));
        Assert.That(story.Blocks.Single(b => b.Id == cut).State, Is.EqualTo("Interrupted"));
        Assert.That(story.Live, Is.Null);

        var retried = await back.CallAsync<Guid>("Retry", adventureId);
        var end = await back.WaitForEndAsync(retried);
        var after = await back.CallAsync<AdventureView>("GetAdventure", adventureId);
        Assert.That(retried, Is.EqualTo(cut));
        Assert.That(end.State, Is.EqualTo("Done"));
        Assert.That(after.Blocks.Single(b => b.Id == cut).Alternatives, Is.EqualTo(2));
    }
}
