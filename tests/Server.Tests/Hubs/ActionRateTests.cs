using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class ActionRateTests
{
    // GPT-2's shape with random weights: slow enough on the CPU that a long continuation is still being written
    // while the test acts on it (the golden tiny model would finish first).
    static readonly string[] SlowModel = ["--Inference:RandomWeights=gpt2", "--Inference:MaxContext=256", "--Inference:MaxConcurrentSequences=2"];

    [Test]
    public async Task After_more_than_twenty_busy_refusals_the_players_next_action_is_accepted()
    {
        await using var server = await GameServer.StartAsync(SlowModel);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 200));
        var writing = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light the lamp");

        // The default limit is 20 actions a minute: these refusals would have used it up before.
        for (var i = 0; i < 25; i++)
        {
            Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I wait {i}"),
                Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Busy:"), $"refusal {i}");
        }
        await alice.CallAsync("Stop", created.Id);
        await alice.WaitForEndAsync(writing);
        var next = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I go down the stairs");

        Assert.That(next, Is.Not.EqualTo(Guid.Empty));
        await alice.CallAsync("Stop", created.Id);
    }

    [Test]
    public async Task Only_accepted_actions_count_and_one_over_the_limit_is_rate_limited_with_nothing_stored()
    {
        await using var server = await GameServer.StartAsync([.. SlowModel, "--Game:ActionsPerMinute=2"]);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 200));

        for (var accepted = 0; accepted < 2; accepted++)
        {
            var writing = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I take step {accepted}");
            for (var i = 0; i < 5; i++)
            {
                Assert.That(async () => await alice.CallAsync<Guid>("Retry", created.Id),
                    Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Busy:"));
            }
            await alice.CallAsync("Stop", created.Id);
            await alice.WaitForEndAsync(writing);
        }
        var before = (await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks.Count;

        Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I run"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: RateLimited: At most 2 actions a minute"));
        Assert.That(async () => await alice.CallAsync<Guid>("Retry", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: RateLimited:"));
        Assert.That((await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks, Has.Count.EqualTo(before));
    }
}
