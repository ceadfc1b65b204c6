using AdventureServer.Game.Context;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Context;

public class ContextBuilderTests
{
    static readonly StoryCard Dragon = new(Guid.NewGuid(), "Dragon", ["dragon"], "The dragon is named Ash.", true);

    readonly ContextBuilder _builder = new(new WordTokenCounter());

    [Test]
    public void A_story_that_fits_is_memory_then_blocks_with_cards_and_note_three_blocks_before_the_end()
    {
        string[] blocks = ["b1", "b2 the dragon", "b3", "b4", "b5"];

        var prompt = _builder.Build("Memory.", blocks, [Dragon], "Dark tone.", 1000);

        Assert.That(prompt.Text, Is.EqualTo("Memory.\nb1\nb2 the dragon\nThe dragon is named Ash.\n[Author's note: Dark tone.]\nb3\nb4\nb5\n"));
        Assert.That(prompt.Text[..prompt.SectionOffset], Is.EqualTo("Memory.\nb1\nb2 the dragon\n"));
        Assert.That(prompt.TriggeredCards, Is.EqualTo(new[] { "Dragon" }));
        Assert.That(prompt.FirstBlock, Is.Zero);
    }

    [Test]
    public void Story_cards_trigger_only_on_whole_word_keys_in_the_last_four_blocks_in_any_case()
    {
        var old = _builder.Build(string.Empty, ["a DRAGON", "x", "y", "z", "w"], [Dragon], string.Empty, 1000);
        var recent = _builder.Build(string.Empty, ["x", "a DRAGON!", "y", "z", "w"], [Dragon], string.Empty, 1000);
        var partWord = _builder.Build(string.Empty, ["dragonfly"], [Dragon], string.Empty, 1000);
        var disabled = _builder.Build(string.Empty, ["dragon"], [Dragon with { Enabled = false }], string.Empty, 1000);

        Assert.That(old.TriggeredCards, Is.Empty);
        Assert.That(recent.TriggeredCards, Is.EqualTo(new[] { "Dragon" }));
        Assert.That(partWord.TriggeredCards, Is.Empty);
        Assert.That(disabled.TriggeredCards, Is.Empty);
    }

    [Test]
    public void A_short_story_gets_the_note_right_after_the_memory()
    {
        var prompt = _builder.Build("M", ["b1", "b2"], [], "N", 1000);

        Assert.That(prompt.Text, Is.EqualTo("M\n[Author's note: N]\nb1\nb2\n"));
        Assert.That(prompt.SectionOffset, Is.EqualTo(2));
    }

    [Test]
    public void A_story_that_no_longer_fits_is_cut_in_a_large_step_keeping_the_newest_blocks()
    {
        // 20 blocks of 5 tokens (4 words + newline); budget 60 → window starts every 30 tokens = 6 blocks.
        var blocks = Enumerable.Range(0, 20).Select(i => $"block {i} w w").ToArray();

        var prompt = _builder.Build(string.Empty, blocks, [], string.Empty, 60);

        Assert.That(prompt.FirstBlock, Is.EqualTo(12));
        Assert.That(prompt.Text, Does.StartWith("block 12 w w\n"));
        Assert.That(prompt.Text, Does.EndWith("block 19 w w\n"));
        Assert.That(prompt.TokenCount, Is.LessThanOrEqualTo(60));
    }

    [Test]
    public void The_prompt_start_stays_put_for_many_turns_after_a_cut()
    {
        var blocks = Enumerable.Range(0, 13).Select(i => $"block {i} w w").ToList();
        var first = _builder.Build(string.Empty, blocks, [], string.Empty, 60);
        var starts = new List<int>();

        for (var i = 13; i < 25; i++)
        {
            blocks.Add($"block {i} w w");
            starts.Add(_builder.Build(string.Empty, blocks, [], string.Empty, 60).FirstBlock);
        }

        Assert.That(first.FirstBlock, Is.EqualTo(6));
        Assert.That(starts, Is.EqualTo(new[] { 6, 6, 6, 6, 6, 12, 12, 12, 12, 12, 12, 18 }));
    }

    [Test]
    public void A_newest_block_larger_than_the_budget_is_cut_by_tokens_keeping_its_end()
    {
        var big = string.Join(' ', Enumerable.Range(0, 100).Select(i => $"w{i}"));

        var prompt = _builder.Build("M", ["old", big], [], string.Empty, 20);

        Assert.That(prompt.Text, Does.StartWith("M\n"));
        Assert.That(prompt.Text, Does.EndWith("w99\n"));
        Assert.That(new WordTokenCounter().CountTokens(prompt.Text), Is.LessThanOrEqualTo(20));
        Assert.That(prompt.FirstBlock, Is.EqualTo(1));
        Assert.That(prompt.FirstBlockIsCut, Is.True);
    }

    [Test]
    public void Memory_alone_over_the_budget_is_an_error_naming_the_memory()
    {
        var error = Assert.Throws<ContextTooLongException>(() => _builder.Build("one two three four five", ["b"], [], "N", 4));

        Assert.That(error!.Part, Is.EqualTo(ContextPart.Memory));
        Assert.That(error.Message, Does.Contain("memory"));
    }

    [Test]
    public void An_authors_note_that_does_not_fit_beside_the_memory_is_an_error_naming_the_note()
    {
        var error = Assert.Throws<ContextTooLongException>(() => _builder.Build("one two", ["b"], [], "a b c d e f", 8));

        Assert.That(error!.Part, Is.EqualTo(ContextPart.AuthorsNote));
        Assert.That(error.Message, Does.Contain("author's note"));
    }

    [Test]
    public void Triggered_cards_that_do_not_fit_are_an_error_naming_the_cards()
    {
        var huge = Dragon with { Text = string.Join(' ', Enumerable.Repeat("fire", 50)) };

        var error = Assert.Throws<ContextTooLongException>(() => _builder.Build("M", ["the dragon"], [huge], string.Empty, 20));

        Assert.That(error!.Part, Is.EqualTo(ContextPart.StoryCards));
        Assert.That(error.Message, Does.Contain("Dragon"));
    }

    [Test]
    public void Building_from_an_adventure_leaves_out_hidden_blocks_and_the_continuation_being_written()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Undo(Play.Alice);
        adventure.Act(Play.Bob, ActionKind.Say, "Hello");

        var prompt = _builder.Build(adventure, 1000);

        Assert.That(prompt.Text, Is.EqualTo("You stand before a dark cave.\n> You say \"Hello.\"\n"));
    }
}
