using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>What a change costs the database, counted by <see cref="RowCounter"/> on a real SQLite file: it must not grow with the story.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public class StorageCostTests(DatabaseProvider provider) : DatabaseTests(provider)
{
    static readonly Actor Host = new("host-1", "Hana");

    [TestCase(11)]
    [TestCase(301)]
    public async Task An_action_on_a_story_of_any_length_writes_the_adventure_row_and_its_two_new_blocks(int blocks)
    {
        var counter = new RowCounter();
        var adventure = Long(blocks);
        var provider = await StartWithAsync(adventure, counter);

        counter.Reset();
        using (var scope = new Scope(provider))
        {
            var loaded = (await scope.Repository.LoadAsync(adventure.Id))!;
            loaded.Act(Host, ActionKind.Do, "I look around");
            await scope.Repository.SaveAsync(loaded);
        }

        Assert.That(counter.Written, Is.EqualTo(3));
    }

    [Test]
    public async Task An_edit_deep_in_a_long_story_writes_that_block_and_the_adventure_row()
    {
        var counter = new RowCounter();
        var adventure = Long(201);
        var provider = await StartWithAsync(adventure, counter);

        counter.Reset();
        using (var scope = new Scope(provider))
        {
            var loaded = (await scope.Repository.LoadAsync(adventure.Id))!;
            loaded.Edit(Host, loaded.Blocks[50].Id, "The road is muddy here.");
            await scope.Repository.SaveAsync(loaded);
        }

        using var reader = new Scope(provider);
        Assert.That(counter.Written, Is.EqualTo(2));
        Assert.That((await reader.Repository.LoadAsync(adventure.Id))!.Blocks[50].Text, Is.EqualTo("The road is muddy here."));
    }

    [Test]
    public async Task A_progress_save_writes_only_the_streaming_blocks_and_queries_nothing()
    {
        var counter = new RowCounter();
        var adventure = Long(21);
        var first = Writing(adventure);
        var other = Adventure.Create(new AdventureSetup("Other", "You stand in a field."), Host, GameLimits.Default, DateTimeOffset.UnixEpoch);
        var second = Writing(other);
        var provider = await StartWithAsync(adventure, counter);
        using (var scope = new Scope(provider))
            await scope.Repository.CreateAsync(other);

        counter.Reset();
        int written;
        using (var scope = new Scope(provider))
        {
            written = await scope.Repository.SaveWritingTextsAsync(
                [new ContinuationText(adventure.Id, first, " The wind"), new ContinuationText(other.Id, second, " Grass sways")]);
        }

        Assert.That(written, Is.EqualTo(2));
        Assert.That(counter.Written, Is.EqualTo(2));
        Assert.That(counter.Queries, Is.Zero);
        using var reader = new Scope(provider);
        var block = (await reader.Repository.LoadAsync(adventure.Id))!.FindBlock(first)!;
        Assert.That(block.Text, Is.EqualTo(" The wind"));
        Assert.That(block.State, Is.EqualTo(ContinuationState.Writing));
        Assert.That((await reader.Repository.LoadAsync(other.Id))!.FindBlock(second)!.Text, Is.EqualTo(" Grass sways"));
    }

    [Test]
    public async Task A_progress_save_keeps_any_text_exactly_and_the_earlier_alternatives()
    {
        var adventure = Long(3);
        var turn = adventure.Act(Host, ActionKind.Do, "I shout");
        adventure.WriteContinuation(turn.Continuation.Id, " An echo.", ContinuationState.Done);
        adventure.Retry(Host);
        var provider = await StartWithAsync(adventure);
        const string text = " \"Who's there?\" \\ <b>&amp;</b>\n> ünïcode 🐉\t\u0001 end";

        using (var scope = new Scope(provider))
            await scope.Repository.SaveWritingTextsAsync([new ContinuationText(adventure.Id, turn.Continuation.Id, text)]);

        using var reader = new Scope(provider);
        var block = (await reader.Repository.LoadAsync(adventure.Id))!.FindBlock(turn.Continuation.Id)!;
        Assert.That(block.Alternatives.Select(a => (a.Text, a.State)),
            Is.EqualTo(new[] { (" An echo.", ContinuationState.Done), (text, ContinuationState.Writing) }));
        Assert.That(block.Shown, Is.EqualTo(1));
    }

    [Test]
    public async Task A_late_progress_save_leaves_a_finished_continuation_alone()
    {
        var adventure = Long(3);
        var block = Writing(adventure);
        var provider = await StartWithAsync(adventure);
        using (var scope = new Scope(provider))
            await scope.Repository.SaveContinuationAsync(adventure.Id, block, " The end.", ContinuationState.Done);

        int written;
        using (var scope = new Scope(provider))
            written = await scope.Repository.SaveWritingTextsAsync([new ContinuationText(adventure.Id, block, " The end. And more")]);

        using var reader = new Scope(provider);
        var stored = (await reader.Repository.LoadAsync(adventure.Id))!.FindBlock(block)!;
        Assert.That(written, Is.Zero);
        Assert.That((stored.Text, stored.State), Is.EqualTo((" The end.", ContinuationState.Done)));
    }

    [Test]
    public async Task A_progress_save_landing_between_the_final_saves_read_and_write_does_not_make_it_fail()
    {
        var adventure = Long(3);
        var block = Writing(adventure);
        var provider = await StartWithAsync(adventure);

        using var final = new Scope(provider);
        // The final save's scope holds the row as it was read ...
        await final.Repository.LoadAsync(adventure.Id);
        // ... when the saver stores newer text ...
        using (var saver = new Scope(provider))
            await saver.Repository.SaveWritingTextsAsync([new ContinuationText(adventure.Id, block, " The bell")]);
        // ... and then writes the final text.
        await final.Repository.SaveContinuationAsync(adventure.Id, block, " The bell tolls.", ContinuationState.Done);

        using var reader = new Scope(provider);
        var stored = (await reader.Repository.LoadAsync(adventure.Id))!.FindBlock(block)!;
        Assert.That((stored.Text, stored.State), Is.EqualTo((" The bell tolls.", ContinuationState.Done)));
    }

    [Test]
    public async Task The_end_of_a_continuation_writes_its_block_alone_without_loading_the_adventure()
    {
        var counter = new RowCounter();
        var adventure = Long(101);
        var block = Writing(adventure);
        var provider = await StartWithAsync(adventure, counter);

        counter.Reset();
        ContinuationEndState end;
        using (var scope = provider.CreateScope())
        {
            var result = new GenerationResult(FinishReason.Stop, 10, 6, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
            end = await scope.ServiceProvider.GetRequiredService<IContinuationSink>()
                .CompleteAsync(adventure.Id, block, " A bell rings. THE END and more", ["THE END"], result, shuttingDown: false);
        }

        Assert.That(end.Text, Is.EqualTo(" A bell rings."));
        Assert.That(end.State, Is.EqualTo("Done"));
        // One query finds the block's row; loading the adventure would be three more.
        Assert.That(counter.Queries, Is.EqualTo(1));
        Assert.That(counter.Written, Is.EqualTo(1));
    }

    async Task<ServiceProvider> StartWithAsync(Adventure adventure, RowCounter counter)
    {
        var provider = Database.Start(counter);
        using var scope = new Scope(provider);
        await scope.Repository.CreateAsync(adventure);
        return provider;
    }

    // The opening, then finished turns: `blocks` blocks in all (odd).
    static Adventure Long(int blocks)
    {
        var adventure = Adventure.Create(new AdventureSetup("The Long Road", "You are on a long road."), Host, GameLimits.Default, DateTimeOffset.UnixEpoch);
        for (var turn = 0; turn < (blocks - 1) / 2; turn++)
            Story.Finish(adventure, adventure.Act(Host, ActionKind.Do, $"I walk to milestone {turn}"), $" Milestone {turn} passes by.");
        return adventure;
    }

    static Guid Writing(Adventure adventure) => adventure.Act(Host, ActionKind.Do, "I listen").Continuation.Id;
}
