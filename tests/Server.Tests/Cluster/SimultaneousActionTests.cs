using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Players;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 2 of issue 20: one adventure's turn is decided in one place, whichever node each player is on.</summary>
public class SimultaneousActionTests : ClusterTest
{
    // The issue asks for 100; on 2 shared cores one round (two acts, a stop, the end at both) takes about a
    // quarter of a second, so 100 rounds fit well inside a minute.
    const int Rounds = 100;

    [Test]
    public async Task Two_players_on_two_nodes_acting_at_the_same_instant_100_times_are_accepted_exactly_once_each_time_and_the_other_is_busy()
    {
        var cluster = await StartAsync(2, "--Game:ActionsPerMinute=10000", "--Game:InvocationsPerMinute=100000");
        await using var alice = await cluster.PlayerAsync("alice", cluster.Nodes[0]);
        await using var bob = await cluster.PlayerAsync("bob", cluster.Nodes[1]);
        var created = alice.Follow(await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96)));
        bob.Follow(await bob.CallAsync<AdventureView>("Join", created.JoinCode));
        var wrong = new List<string>();
        var refusals = new List<string>();
        var wins = new Dictionary<string, int> { ["alice"] = 0, ["bob"] = 0 };

        for (var round = 0; round < Rounds; round++)
        {
            // Both calls leave this process before either answer is read.
            var a = Outcome(alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I pull lever {round}"));
            var b = Outcome(bob.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I push lever {round}"));
            var (aBlock, aRefusal) = await a;
            var (bBlock, bRefusal) = await b;
            var accepted = new[] { aBlock, bBlock }.OfType<Guid>().ToArray();
            refusals.AddRange(new[] { aRefusal, bRefusal }.OfType<string>());
            if (accepted.Length != 1)
            {
                foreach (var block in accepted)
                    await EndAsync(aBlock is { } ? alice : bob, created.Id, block, alice, bob);
                // What the story holds after this round: two continuations in a row, or one after the other.
                var tail = (await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks.TakeLast(4)
                    .Select(x => $"{x.Type}/{x.State}/{x.Text.Length} chars{(accepted.Contains(x.Id) ? $" ({(x.Id == aBlock ? "alice's" : "bob's")}, {(x.Id == aBlock ? alice : bob).LastSequence(x.Id)} deltas)" : "")}");
                wrong.Add($"round {round}: {accepted.Length} accepted (alice: {aRefusal ?? "accepted"}, bob: {bRefusal ?? "accepted"}); the story ends {string.Join(", ", tail)}");
                continue;
            }

            var winner = aBlock is not null ? alice : bob;
            wins[winner.UserName]++;
            await EndAsync(winner, created.Id, accepted[0], alice, bob);
        }

        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        var types = story.Blocks.Skip(1).Select(x => x.Type).ToArray();
        await TestContext.Progress.WriteLineAsync($"{Rounds} rounds: alice won {wins["alice"]}, bob {wins["bob"]}; refusals: {string.Join(", ", refusals.GroupBy(r => r).Select(g => $"{g.Key} x{g.Count()}"))}");
        Assert.Multiple(() =>
        {
            Assert.That(wrong, Is.Empty);
            Assert.That(refusals, Has.Count.EqualTo(Rounds).And.All.EqualTo("Busy"));
            // One continuation after each action, each ended: never two written at once.
            Assert.That(types, Is.EqualTo(Enumerable.Range(0, Rounds).SelectMany(_ => new[] { "Action", "Continuation" })));
            Assert.That(story.Blocks.Where(x => x.Type == "Continuation").Select(x => x.State), Has.None.EqualTo("Writing"));
            Assert.That(story.Live, Is.Null);
        });
    }

    static async Task<(Guid? Block, string? Refusal)> Outcome(Task<Guid> act)
    {
        try
        {
            return (await act, null);
        }
        catch (HubException e)
        {
            return (null, SimulatedPlayer.Reason(e.Message));
        }
    }

    // Stops the accepted continuation (it may have ended already) and waits until both players saw its end.
    static async Task EndAsync(ClusterClient winner, Guid adventureId, Guid block, params ClusterClient[] everyone)
    {
        try
        {
            await winner.CallAsync("Stop", adventureId);
        }
        catch (HubException)
        {
            // Nothing left to stop.
        }

        foreach (var client in everyone)
            await client.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
    }
}
