using System.Text.Json;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AdventureServer.Server.Tests.Hubs;

public class AttachTests
{
    static readonly string[] Messages = ["StoryDelta", "ContinuationEnded", "StoryChanged", "AdventureChanged", "PresenceChanged", "Typing", "Removed"];

    [Test]
    public async Task An_outsider_and_a_banned_user_hammering_every_attaching_method_during_several_streams_receive_no_message_of_the_adventure()
    {
        // The call limit is raised so that how fast this machine hammers cannot turn refusals into RateLimited.
        await using var server = await GameServer.StartAsync("--Game:InvocationsPerMinute=1000000");
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        await using var eve = await GameServer.PlayerAsync(server, "eve");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 48));
        var bobId = (await bob.CallAsync<AdventureView>("Join", created.JoinCode)).Members.Single(m => m.DisplayName == "bob").UserId;
        await gm.CallAsync("Ban", created.Id, bobId, "spoilers");
        await bob.WaitForRemovedAsync();
        var received = new Dictionary<string, int>();
        foreach (var connection in new[] { bob, eve })
        {
            foreach (var message in Messages)
                connection.Hub.On<JsonElement>(message, _ => Count(received, connection.UserName + " " + message));
        }

        using var stop = new CancellationTokenSource();
        var refusals = new Dictionary<string, int>();
        var hammering = new[]
        {
            HammerAsync(eve, refusals, stop.Token, ("GetAdventure", [created.Id]), ("Resume", [created.Id, null, 0, 0])),
            HammerAsync(bob, refusals, stop.Token, ("GetAdventure", [created.Id]), ("Resume", [created.Id, null, 0, 0]), ("Join", [created.JoinCode])),
        };
        for (var turn = 0; turn < 4; turn++)
        {
            var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I take step {turn}");
            await alice.WaitForEndAsync(block);
        }

        await alice.CallAsync("SetMemory", created.Id, "The cellar floods at night.");
        await stop.CancelAsync();
        await Task.WhenAll(hammering);

        lock (received)
            Assert.That(received, Is.Empty, "messages of the adventure sent to the outsider or the banned user");
        lock (refusals)
        {
            Assert.That(refusals.Keys, Is.EquivalentTo(new[] { "eve NotMember", "bob Banned" }));
            Assert.That(refusals.Values, Has.All.GreaterThan(10));
        }
    }

    [Test]
    public async Task A_game_master_who_watches_and_resumes_gets_the_stream_and_a_player_who_resumes_another_attempt_gets_it_from_delta_one()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96));
        var watched = await gm.CallAsync<AdventureView>("Watch", created.Id);

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I wait");
        await alice.WaitForDeltaAsync(block);
        var masterCatchUp = await gm.CallAsync<StreamCatchUp?>("Resume", created.Id, block, 1, 0);
        var otherAttempt = await alice.CallAsync<StreamCatchUp?>("Resume", created.Id, block, 7, 1_000);
        var end = await alice.WaitForEndAsync(block);

        Assert.That(watched.Version, Is.GreaterThan(0));
        Assert.That((await gm.WaitForEndAsync(block)).Text, Is.EqualTo(end.Text));
        foreach (var catchUp in new[] { masterCatchUp, otherAttempt }.Where(c => c is not null))
        {
            Assert.That(catchUp!.Attempt, Is.EqualTo(1));
            Assert.That(catchUp.Missed.Select(d => d.Sequence), Is.EqualTo(Enumerable.Range(1, catchUp.Missed.Count)));
        }
    }

    static async Task HammerAsync(PlayerConnection player, Dictionary<string, int> refusals, CancellationToken stop, params (string Method, object?[] Args)[] calls)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var (method, args) in calls)
            {
                try
                {
                    await player.Hub.InvokeCoreAsync<JsonElement>(method, args, CancellationToken.None);
                    Count(refusals, $"{player.UserName} {method} accepted");
                }
                catch (HubException e)
                {
                    var reason = e.Message[(e.Message.IndexOf("HubException: ", StringComparison.Ordinal) + 14)..].Split(':')[0];
                    Count(refusals, $"{player.UserName} {reason}");
                }
            }
        }
    }

    static void Count(Dictionary<string, int> counts, string key)
    {
        lock (counts)
            counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}
