using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

public class RestartTests
{
    // gpt2-sized random weights in float32: about 45–55 tokens a second here, so the cut continuation's 512 tokens take
    // 9–11 s, far longer than the server's stop (bfloat16, which auto picks on a CPU with avx512_bf16, about 100; and
    // before the float32 decode kernel a 96-token continuation at 30 a second was enough, until it got twice as fast).
    static readonly string[] Slow = ["--Inference:RandomWeights=gpt2", "--Inference:DType=float32"];

    static SettingsView Writing(int maxNewTokens) => GameServer.Scenario(maxNewTokens).Settings!;

    [Test]
    public async Task A_continuation_cut_off_by_a_server_stop_is_kept_as_interrupted_and_can_be_retried()
    {
        var data = TestServer.NewDataFolder();
        Guid adventureId, first, cut;
        // A short first continuation, then a long one (Slow: the tiny model could finish it first), still being written
        // when the server stops.
        await using (var server = await GameServer.StartInAsync(data, Slow))
        {
            await using var alice = await GameServer.PlayerAsync(server, "alice");
            var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 16));
            adventureId = created.Id;
            first = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I light the lamp");
            await alice.WaitForEndAsync(first);
            await alice.CallAsync<SettingsView>("ChangeSettings", adventureId, Writing(512));
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

        await back.CallAsync<SettingsView>("ChangeSettings", adventureId, Writing(16));
        var retried = await back.CallAsync<Guid>("Retry", adventureId);
        var end = await back.WaitForEndAsync(retried);
        var after = await back.CallAsync<AdventureView>("GetAdventure", adventureId);
        Assert.That(retried, Is.EqualTo(cut));
        Assert.That(end.State, Is.EqualTo("Done"));
        Assert.That(after.Blocks.Single(b => b.Id == cut).Alternatives, Is.EqualTo(2));
    }
}
