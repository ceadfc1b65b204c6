using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class PlayingTogetherTests
{
    [Test]
    public async Task Two_players_in_one_adventure_receive_identical_streams_and_the_same_final_text()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var joined = await bob.CallAsync<AdventureView>("Join", created.JoinCode.ToLowerInvariant());

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I open the door");
        var aliceEnd = await alice.WaitForEndAsync(block);
        var bobEnd = await bob.WaitForEndAsync(block);

        Assert.That(joined.Id, Is.EqualTo(created.Id));
        Assert.That(created.Blocks.Single().Text, Does.Contain("You are Ada"));
        Assert.That(alice.Sequences(block), Is.Not.Empty.And.EqualTo(Enumerable.Range(1, aliceEnd.LastSequence)));
        Assert.That(bob.Sequences(block), Is.EqualTo(alice.Sequences(block)));
        Assert.That(bob.StreamedText(block), Is.EqualTo(alice.StreamedText(block)));
        Assert.That(bobEnd, Is.EqualTo(aliceEnd));
        Assert.That(aliceEnd.State, Is.EqualTo("Done"));
        var stored = await bob.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(stored.Blocks.Select(b => b.Type), Is.EqualTo(new[] { "Opening", "Action", "Continuation" }));
        Assert.That(stored.Blocks[1].Text, Is.EqualTo("> You open the door."));
        Assert.That(stored.Blocks[2].Text, Is.EqualTo(aliceEnd.Text));
        Assert.That(stored.Live, Is.Null);
    }

    [Test]
    public async Task A_third_account_cannot_open_or_act_in_an_adventure_it_has_not_joined()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var carol = await GameServer.PlayerAsync(server, "carol");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        Assert.That(async () => await carol.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I steal the lamp"),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotMember: You are not a member"));
        Assert.That(async () => await carol.CallAsync<AdventureView>("GetAdventure", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotMember:"));
        // The refusals left carol's connection usable.
        Assert.That(await carol.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }

    [Test]
    public async Task Acting_while_a_continuation_is_being_written_is_refused_and_nothing_is_lost()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96));
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Say, "Who goes there?");
        // The reply to Act comes after the continuation was stored as Writing, so this call meets the lock.
        Assert.That(async () => await bob.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light a torch"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Busy: The story is being written"));
        var end = await alice.WaitForEndAsync(block);
        var after = await bob.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light a torch");
        await bob.WaitForEndAsync(after);

        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(story.Blocks.Select(b => b.Text).Take(4), Is.EqualTo(new[]
        {
            created.Blocks[0].Text, "> You say \"Who goes there?\"", end.Text, "> You light a torch.",
        }));
        Assert.That(story.Blocks.Select(b => b.State), Has.All.EqualTo("Done"));
    }
}
