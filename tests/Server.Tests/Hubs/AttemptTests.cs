using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

public class AttemptTests
{
    [Test]
    public async Task A_player_who_drops_while_another_retries_and_then_resumes_ends_with_the_retrys_text()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var bobToken = await GameServer.TokenAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96, seed: null));
        var bob = await PlayerConnection.ConnectAsync(server.Address, bobToken, "bob");
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I listen at the door");
        await bob.WaitForDeltaAsync(block);
        await bob.DisposeAsync();
        var (attempt, last) = (bob.Attempt(block), bob.LastSequence(block));
        await alice.WaitForEndAsync(block);

        Assert.That(await alice.CallAsync<Guid>("Retry", created.Id), Is.EqualTo(block));
        await alice.WaitForDeltaAsync(block);
        await using var back = await PlayerConnection.ConnectAsync(server.Address, bobToken, "bob");
        var catchUp = await back.CallAsync<StreamCatchUp?>("Resume", created.Id, block, attempt, last);
        var stored = await back.CallAsync<AdventureView>("GetAdventure", created.Id);
        var end = await alice.WaitForEndAsync(block);

        Assert.That(attempt, Is.EqualTo(1));
        Assert.That(end.Attempt, Is.EqualTo(2));
        if (catchUp is null)
        {
            // The retry ended before bob was back: the story he opens holds its final text.
            Assert.That((await back.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks.Single(b => b.Id == block).Text, Is.EqualTo(end.Text));
            Assert.Inconclusive("The retry ended before the player resumed; the stored text was checked instead.");
        }

        back.Apply(catchUp);
        Assert.That(await back.WaitForEndAsync(block), Is.EqualTo(end));
        Assert.That(catchUp.Attempt, Is.EqualTo(2));
        Assert.That(catchUp.Missed[0].Sequence, Is.EqualTo(1), "another attempt than the one followed is sent from its first delta");
        Assert.That(back.Sequences(block), Is.EqualTo(Enumerable.Range(1, end.LastSequence)));
        Assert.That(back.StreamedText(block), Is.EqualTo(alice.StreamedText(block)));
        Assert.That(stored.Version, Is.GreaterThanOrEqualTo(created.Version));
    }

    [Test]
    public async Task Story_updates_carry_only_the_changed_blocks_with_a_growing_version()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 8));
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        for (var turn = 0; turn < 3; turn++)
            await bob.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, $"I take step {turn}"));
        await alice.CallAsync("Undo", created.Id);
        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);

        var updates = bob.Stories;
        Assert.That(updates, Has.Count.EqualTo(4));
        Assert.That(updates.Select(u => u.Version), Is.Ordered.Ascending.And.Unique);
        Assert.That(updates.Take(3).Select(u => u.Blocks.Select(b => b.Type)), Has.All.EqualTo(new[] { "Action", "Continuation" }));
        Assert.That(updates[2].Blocks.Select(b => b.Position), Is.EqualTo(new[] { 5, 6 }));
        Assert.That(updates[3].Blocks, Is.Empty);
        Assert.That(updates[3].Removed, Is.EqualTo(updates[2].Blocks.Select(b => b.Id)));
        Assert.That(story.Blocks.Select(b => b.Position), Is.EqualTo(Enumerable.Range(0, 5)));
        Assert.That(story.Version, Is.EqualTo(updates[3].Version));
    }
}
