using AdventureServer.Game.Context;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Context;

public class PromptBreakdownTests
{
    static readonly string[] Words = ["the", "cave", "dragon", "sword", "you", "run", "Ash", "gold", "night", "door", "opens", "slowly", "and"];

    static readonly IEnumerable<int> Seeds = Enumerable.Range(1, 200);

    [TestCaseSource(nameof(Seeds))]
    public void The_parts_put_back_together_are_the_prompt_and_each_card_names_a_key_from_the_recent_story(int seed)
    {
        var random = new Random(seed);
        var counter = new WordTokenCounter();
        var memory = Text(random, 0, 10);
        var blocks = Enumerable.Range(0, random.Next(1, 30)).Select(_ => random.Next(6) == 0 ? "> You " + Text(random, 1, 5) : Text(random, 1, 20)).ToArray();
        var cards = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new StoryCard(Guid.NewGuid(), $"Card {i}", [Words[random.Next(Words.Length)], Words[random.Next(Words.Length)]], Text(random, 0, 6), random.Next(5) > 0))
            .ToArray();
        var note = random.Next(3) == 0 ? string.Empty : Text(random, 1, 6);
        var budget = random.Next(40, 200);
        PromptContext prompt;
        try
        {
            prompt = new ContextBuilder(counter).Build(memory, blocks, cards, note, budget);
        }
        catch (ContextTooLongException)
        {
            return;
        }

        var b = PromptBreakdown.Of(prompt, budget, memory, blocks, cards, note, counter);

        var section = string.Concat(b.Cards.Select(c => c.Text)) + b.AuthorsNote.Text;
        var storyBefore = prompt.SectionOffset - b.Memory.Text.Length;
        Assert.That(b.Memory.Text + b.Story.Text[..storyBefore] + section + b.Story.Text[storyBefore..], Is.EqualTo(prompt.Text));
        Assert.That(b.Cards.Select(c => c.Title), Is.EqualTo(prompt.TriggeredCards));
        var recent = string.Concat(blocks.Select(StoryText.Segment).OfType<string>().TakeLast(ContextOptions.Default.CardScanDepth));
        Assert.That(b.Cards.All(c => AdventureServer.Game.Text.WholeWords.Contains(recent, c.Key)), Is.True);
        Assert.That(b.Story.Tokens, Is.EqualTo(counter.CountTokens(b.Story.Text)));
        Assert.That((b.BlocksLeftOut, b.FirstBlockCut, b.TokenCount, b.Budget), Is.EqualTo((prompt.FirstBlock, prompt.FirstBlockIsCut, prompt.TokenCount, budget)));
    }

    [Test]
    public void A_story_too_long_for_the_window_says_how_many_blocks_were_left_out()
    {
        var counter = new WordTokenCounter();
        var blocks = Enumerable.Range(1, 40).Select(i => $"Block {i} has five words.").ToArray();

        var prompt = new ContextBuilder(counter).Build("Ash is brave.", blocks, [], string.Empty, 60);
        var b = PromptBreakdown.Of(prompt, 60, "Ash is brave.", blocks, [], string.Empty, counter);

        Assert.That(b.BlocksLeftOut, Is.GreaterThan(20));
        Assert.That(b.Story.Text, Does.EndWith("Block 40 has five words.\n"));
        Assert.That(b.Memory.Text, Is.EqualTo("Ash is brave.\n"));
        Assert.That(b.TokenCount, Is.LessThanOrEqualTo(60));
    }

    static string Text(Random random, int min, int max) =>
        string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => Words[random.Next(Words.Length)]));
}
