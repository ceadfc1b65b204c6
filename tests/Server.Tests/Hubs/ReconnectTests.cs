using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Tests.Hubs;

public class ReconnectTests
{
    [Test]
    public async Task A_player_who_disconnects_mid_stream_and_resumes_sees_exactly_what_the_others_see()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var bobToken = await GameServer.TokenAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96));
        var bob = await PlayerConnection.ConnectAsync(server.Address, bobToken, "bob");
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I listen at the door");
        await bob.WaitForDeltaAsync(block);
        await bob.DisposeAsync();
        var seen = bob.Sequences(block);
        var seenText = bob.StreamedText(block);

        await using var back = await PlayerConnection.ConnectAsync(server.Address, bobToken, "bob");
        var catchUp = await back.CallAsync<StreamCatchUp?>("Resume", created.Id, block, bob.Attempt(block), seen[^1]);
        var aliceEnd = await alice.WaitForEndAsync(block);
        var stored = await back.CallAsync<AdventureView>("GetAdventure", created.Id);

        Assert.That(stored.Blocks.Single(b => b.Id == block).Text, Is.EqualTo(aliceEnd.Text));
        if (catchUp is null)
        {
            // The stream ended before bob came back; the stored story (checked above) is all there is to see.
            Assert.That(stored.Live, Is.Null);
            return;
        }

        // What bob kept, what he missed and what came live add up to alice's stream; the client drops repeats by sequence.
        back.Apply(new StreamCatchUp(created.Id, block, bob.Attempt(block), bob.DeltasOf(created.Id, block)));
        back.Apply(catchUp);
        await back.WaitForEndAsync(block);
        Assert.That(catchUp.BlockId, Is.EqualTo(block));
        Assert.That(catchUp.Missed.Select(d => d.Sequence), Is.Empty.Or.Ordered.And.All.GreaterThan(seen[^1]));
        Assert.That(back.Sequences(block), Is.EqualTo(Enumerable.Range(1, aliceEnd.LastSequence)));
        Assert.That(back.StreamedText(block), Is.EqualTo(alice.StreamedText(block)));
    }

    [Test]
    public async Task Opening_an_adventure_mid_stream_gives_the_text_so_far_and_every_later_delta_once()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 96));
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        await using var late = await GameServer.PlayerAsync(server, "bob");

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I wait");
        await alice.WaitForDeltaAsync(block);
        var view = await late.CallAsync<AdventureView>("GetAdventure", created.Id);
        if (view.Live is not null)
            late.Seed(view.Live);
        var aliceEnd = await alice.WaitForEndAsync(block);
        var end = await late.WaitForEndAsync(block);

        Assert.That(end, Is.EqualTo(aliceEnd));
        if (view.Live is null)
        {
            // Opened after the end: the view holds the final text.
            Assert.That(view.Blocks.Single(b => b.Id == block).Text, Is.EqualTo(end.Text));
            return;
        }

        Assert.That(view.Live.BlockId, Is.EqualTo(block));
        Assert.That(late.StreamedText(block), Is.EqualTo(alice.StreamedText(block)));
        Assert.That(late.LastSequence(block), Is.EqualTo(end.LastSequence));
    }
}
