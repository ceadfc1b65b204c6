using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;
using AdventureServer.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Tests.Persistence;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public class AdventureRepositoryTests(DatabaseProvider provider) : DatabaseTests(provider)
{
    [Test]
    public async Task A_saved_adventure_loads_with_the_identical_story_after_a_restart()
    {
        var adventure = Story.Rich();
        using (var scope = new Scope(Database.Start()))
        {
            await scope.Repository.CreateAsync(adventure);
        }

        using var afterRestart = new Scope(Database.Start());
        var loaded = await afterRestart.Repository.LoadAsync(adventure.Id);

        Assert.That(loaded, Is.Not.Null);
        Assert.That(Document(loaded!), Is.EqualTo(Document(adventure)));
        Assert.That(loaded!.StoryText, Is.EqualTo(adventure.StoryText));
        Assert.That(loaded.Blocks.Count(b => b.Hidden), Is.EqualTo(2));
        Assert.That(loaded.NextActorId, Is.EqualTo(adventure.NextActorId));
    }

    [Test]
    public async Task Changes_saved_later_are_loaded_after_a_restart()
    {
        var adventure = Story.Rich();
        var provider = Database.Start();
        using (var scope = new Scope(provider))
        {
            await scope.Repository.CreateAsync(adventure);
        }

        using (var scope = new Scope(provider))
        {
            var loaded = (await scope.Repository.LoadAsync(adventure.Id))!;
            loaded.Redo(Story.Host);
            loaded.Edit(Story.Alice, loaded.VisibleBlocks[^1].Id, " Rain falls hard.");
            loaded.Kick(Story.Host, Story.Alice.UserId);
            loaded.ChangeMemory(Story.Host, "Mira loves rain.");
            await scope.Repository.SaveAsync(loaded);
            adventure = loaded;
        }

        using var afterRestart = new Scope(Database.Start());
        var reloaded = (await afterRestart.Repository.LoadAsync(adventure.Id))!;
        Assert.That(Document(reloaded), Is.EqualTo(Document(adventure)));
        Assert.That(reloaded.StoryText, Does.EndWith("Thunder rolls.\nRain falls hard.\n"));
        Assert.That(reloaded.FindMember(Story.Alice.UserId), Is.Null);
    }

    [Test]
    public async Task An_accepted_action_is_stored_before_its_continuation_starts()
    {
        var adventure = Story.Rich();
        var provider = await StartWithAsync(adventure);

        ActResult turn;
        using (var scope = new Scope(provider))
        {
            var loaded = (await scope.Repository.LoadAsync(adventure.Id))!;
            turn = loaded.Act(Story.Alice, ActionKind.Do, "I light my torch");
            await scope.Repository.SaveAsync(loaded);
        }

        using (var other = new Scope(provider))
        {
            var seen = (await other.Repository.LoadAsync(adventure.Id))!;
            Assert.That(seen.VisibleBlocks[^2].Text, Is.EqualTo("> You light your torch."));
            Assert.That(seen.VisibleBlocks[^1].Id, Is.EqualTo(turn.Continuation.Id));
            Assert.That(seen.VisibleBlocks[^1].State, Is.EqualTo(ContinuationState.Writing));
            Assert.That(seen.IsBusy, Is.True);
        }

        using (var streamer = new Scope(provider))
        {
            await streamer.Repository.SaveContinuationAsync(adventure.Id, turn.Continuation.Id, " The torch", ContinuationState.Writing);
            await streamer.Repository.SaveContinuationAsync(adventure.Id, turn.Continuation.Id, " The torch flares up.", ContinuationState.Done);
            var late = Assert.ThrowsAsync<GameRuleException>(() => streamer.Repository.SaveContinuationAsync(adventure.Id, turn.Continuation.Id, "more", ContinuationState.Done));
            Assert.That(late!.Reason, Is.EqualTo(RuleReason.NotWriting));
        }

        using var reader = new Scope(provider);
        var done = (await reader.Repository.LoadAsync(adventure.Id))!;
        Assert.That(done.IsBusy, Is.False);
        Assert.That(done.StoryText, Does.EndWith("> You light your torch.\nThe torch flares up.\n"));
    }

    [Test]
    public async Task Appended_continuation_text_accumulates_until_the_final_state()
    {
        var adventure = Story.Rich();
        var turn = adventure.Act(Story.Alice, ActionKind.Do, "I wait");
        var provider = Database.Start();
        using (var scope = new Scope(provider))
        {
            await scope.Repository.CreateAsync(adventure);
        }

        using (var streamer = new Scope(provider))
        {
            await streamer.Repository.AppendContinuationAsync(adventure.Id, turn.Continuation.Id, " Time", ContinuationState.Writing);
            await streamer.Repository.AppendContinuationAsync(adventure.Id, turn.Continuation.Id, " passes.", ContinuationState.Writing);
            await streamer.Repository.AppendContinuationAsync(adventure.Id, turn.Continuation.Id, string.Empty, ContinuationState.Cancelled);
        }

        using var reader = new Scope(provider);
        var block = (await reader.Repository.LoadAsync(adventure.Id))!.FindBlock(turn.Continuation.Id)!;
        Assert.That(block.Text, Is.EqualTo(" Time passes."));
        Assert.That(block.State, Is.EqualTo(ContinuationState.Cancelled));
    }

    [Test]
    public async Task Continuations_left_writing_by_a_previous_run_are_interrupted_at_start_up()
    {
        var adventure = Story.Rich();
        var turn = adventure.Act(Story.Alice, ActionKind.Do, "I wait");
        using (var scope = new Scope(Database.Start()))
        {
            await scope.Repository.CreateAsync(adventure);
            await scope.Repository.SaveContinuationAsync(adventure.Id, turn.Continuation.Id, " Time passes", ContinuationState.Writing);
        }

        using var afterRestart = new Scope(Database.Start());
        var loaded = (await afterRestart.Repository.LoadAsync(adventure.Id))!;

        Assert.That(loaded.FindBlock(turn.Continuation.Id)!.State, Is.EqualTo(ContinuationState.Interrupted));
        Assert.That(loaded.FindBlock(turn.Continuation.Id)!.Text, Is.EqualTo(" Time passes"));
        Assert.That(loaded.IsBusy, Is.False);
    }

    [Test]
    public async Task An_adventure_is_found_by_its_join_code_in_any_case()
    {
        var adventure = Story.Rich();
        using var scope = new Scope(Database.Start());
        await scope.Repository.CreateAsync(adventure);

        var found = await scope.Repository.LoadByJoinCodeAsync($" {adventure.JoinCode.ToLowerInvariant()} ");

        Assert.That(found?.Id, Is.EqualTo(adventure.Id));
        Assert.That(await scope.Repository.LoadByJoinCodeAsync("ZZZZZZ"), Is.Null);
    }

    [Test]
    public async Task A_users_adventures_are_listed_with_their_role()
    {
        var first = Story.Rich();
        var second = Adventure.Create(new AdventureSetup("Alone", "Quiet."), Story.Alice, Game.Settings.GameLimits.Default, DateTimeOffset.UtcNow);
        using var scope = new Scope(Database.Start());
        await scope.Repository.CreateAsync(first);
        await scope.Repository.CreateAsync(second);

        var alices = await scope.Repository.ListForUserAsync(Story.Alice.UserId);
        var hosts = await scope.Repository.ListForUserAsync(Story.Host.UserId);

        Assert.That(alices.Select(a => (a.Title, a.Role)), Is.EquivalentTo(new[] { ("The Cave", MemberRole.Player), ("Alone", MemberRole.Host) }));
        Assert.That(hosts.Single().MemberCount, Is.EqualTo(3));
        Assert.That(await scope.Repository.ListForUserAsync("nobody"), Is.Empty);
    }

    static string Document(Adventure adventure) => PersistenceJson.Write(adventure.ToSnapshot());
}
