using AdventureServer.Game.Story;
using AdventureServer.Server.Persistence;

namespace AdventureServer.Server.Tests.Persistence;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public class ConcurrencyTests(DatabaseProvider provider) : DatabaseTests(provider)
{
    [Test]
    public async Task Two_concurrent_edits_of_the_same_block_one_wins_and_the_other_gets_a_conflict()
    {
        var adventure = Story.Rich();
        var provider = await StartWithAsync(adventure);

        var blockId = adventure.Blocks[0].Id;
        using var first = new Scope(provider);
        using var second = new Scope(provider);
        var mine = (await first.Repository.LoadAsync(adventure.Id))!;
        var theirs = (await second.Repository.LoadAsync(adventure.Id))!;
        mine.Edit(Story.Host, blockId, "First edit.");
        theirs.Edit(Story.Alice, blockId, "Second edit.");

        await first.Repository.SaveAsync(mine);
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.Repository.SaveAsync(theirs));

        using var reader = new Scope(provider);
        var stored = (await reader.Repository.LoadAsync(adventure.Id))!;
        Assert.That(stored.FindBlock(blockId)!.Text, Is.EqualTo("First edit."));
        Assert.That(stored.FindBlock(blockId)!.History, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Two_concurrent_actions_on_one_adventure_store_only_one()
    {
        var provider = Database.Start();
        var adventure = Story.Rich();
        adventure.ChangeTurnPolicy(Story.Host, Game.Adventures.TurnPolicy.FreeForAll);
        using (var scope = new Scope(provider))
        {
            await scope.Repository.CreateAsync(adventure);
        }

        using var first = new Scope(provider);
        using var second = new Scope(provider);
        var a = (await first.Repository.LoadAsync(adventure.Id))!;
        var b = (await second.Repository.LoadAsync(adventure.Id))!;
        a.Act(Story.Alice, ActionKind.Do, "I go left");
        b.Act(Story.Host, ActionKind.Do, "I go right");

        await first.Repository.SaveAsync(a);
        Assert.ThrowsAsync<ConcurrencyConflictException>(() => second.Repository.SaveAsync(b));

        using var reader = new Scope(provider);
        var stored = (await reader.Repository.LoadAsync(adventure.Id))!;
        Assert.That(stored.StoryText, Does.EndWith("> You go left.\n"));
        Assert.That(stored.StoryText, Does.Not.Contain("right"));
    }

    [Test]
    public async Task Streaming_into_a_continuation_does_not_conflict_with_an_edit_elsewhere_in_the_story()
    {
        var provider = Database.Start();
        var adventure = Story.Rich();
        var turn = adventure.Act(Story.Alice, ActionKind.Do, "I wait");
        using (var scope = new Scope(provider))
        {
            await scope.Repository.CreateAsync(adventure);
        }

        using var service = new Scope(provider);
        var loaded = (await service.Repository.LoadAsync(adventure.Id))!;
        using (var streamer = new Scope(provider))
        {
            await streamer.Repository.SaveContinuationAsync(adventure.Id, turn.Continuation.Id, " Time passes.", ContinuationState.Writing);
        }

        loaded.Edit(Story.Host, loaded.Blocks[0].Id, "A new opening.");
        await service.Repository.SaveAsync(loaded);

        using var reader = new Scope(provider);
        var stored = (await reader.Repository.LoadAsync(adventure.Id))!;
        Assert.That(stored.Blocks[0].Text, Is.EqualTo("A new opening."));
        Assert.That(stored.FindBlock(turn.Continuation.Id)!.Text, Is.EqualTo(" Time passes."));
    }
}
