using AdventureServer.Game.Context;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Context;

/// <summary>Properties of the context builder over random stories, one case per seed.</summary>
public class ContextBuilderPropertyTests
{
    static readonly string[] Words = ["the", "cave", "dragon", "sword", "you", "run", "Ash", "gold", "night", "door", "opens", "slowly", "and"];

    static readonly IEnumerable<int> Seeds = Enumerable.Range(1, 300);

    [TestCaseSource(nameof(Seeds))]
    public void The_prompt_is_never_over_budget_starts_with_memory_and_keeps_the_newest_block(int seed)
    {
        var random = new Random(seed);
        var counter = new WordTokenCounter();
        var story = RandomStory(random);
        var budget = random.Next(25, 220);
        var builder = new ContextBuilder(counter);

        PromptContext prompt;
        try
        {
            prompt = builder.Build(story.Memory, story.Blocks, story.Cards, story.Note, budget);
        }
        catch (ContextTooLongException error)
        {
            var memory = StoryText.Segment(story.Memory) ?? string.Empty;
            var withNote = memory + (StoryText.Segment($"[Author's note: {story.Note.Trim()}]") is { } note && story.Note.Trim().Length > 0 ? note : string.Empty);
            Assert.That(error.Part switch
            {
                ContextPart.Memory => counter.CountTokens(memory) > budget,
                ContextPart.AuthorsNote => counter.CountTokens(memory) <= budget && counter.CountTokens(withNote) > budget,
                _ => counter.CountTokens(withNote) <= budget,
            }, Is.True, error.Message);
            return;
        }

        var segments = story.Blocks.Select(StoryText.Segment).OfType<string>().ToArray();
        Assert.That(counter.CountTokens(prompt.Text), Is.LessThanOrEqualTo(budget));
        Assert.That(prompt.TokenCount, Is.EqualTo(counter.CountTokens(prompt.Text)));
        Assert.That(prompt.Text, Does.StartWith(StoryText.Segment(story.Memory) ?? string.Empty));
        if (prompt.FirstBlock < segments.Length - 1 || (prompt.FirstBlock == segments.Length - 1 && !prompt.FirstBlockIsCut))
        {
            Assert.That(prompt.Text, Does.EndWith(segments[^1]), "the newest block is in the prompt, whole");
        }

        if (!prompt.FirstBlockIsCut && prompt.FirstBlock < segments.Length)
        {
            var beforeSection = string.Concat(segments[prompt.FirstBlock..Math.Max(prompt.FirstBlock, segments.Length - 3)]);
            Assert.That(prompt.Text[..prompt.SectionOffset], Does.EndWith(beforeSection), "older blocks precede the cards and note, in order");
        }

        Assert.That(builder.Build(story.Memory, story.Blocks, story.Cards, story.Note, budget), Is.EqualTo(prompt).Using<PromptContext>((a, b) => a.Text == b.Text && a.SectionOffset == b.SectionOffset));
    }

    [Test]
    public void A_story_that_only_grew_keeps_the_previous_prompt_up_to_the_cards_and_note_when_the_start_did_not_move()
    {
        var checkedPairs = 0;
        foreach (var seed in Seeds)
        {
            var random = new Random(seed);
            var story = RandomStory(random);
            var budget = random.Next(80, 300);
            var builder = new ContextBuilder(new WordTokenCounter());
            var blocks = story.Blocks.ToList();

            var previous = TryBuild(builder, story, blocks, budget);
            for (var turn = 0; turn < 30 && previous is not null; turn++)
            {
                blocks.AddRange(Enumerable.Range(0, random.Next(1, 3)).Select(_ => RandomBlock(random)));
                var next = TryBuild(builder, story, blocks, budget);
                if (next is null)
                {
                    break;
                }

                if (next.FirstBlock == previous.FirstBlock && !next.FirstBlockIsCut && !previous.FirstBlockIsCut)
                {
                    Assert.That(next.Text, Does.StartWith(previous.Text[..previous.SectionOffset]), $"seed {seed}, turn {turn}");
                    checkedPairs++;
                }

                previous = next;
            }
        }

        // Most growth steps must keep the start, or the property above would hardly ever be exercised.
        Assert.That(checkedPairs, Is.GreaterThan(Seeds.Count() * 10));
    }

    [TestCaseSource(nameof(Seeds))]
    public void As_a_story_grows_its_prompt_start_moves_only_in_large_steps(int seed)
    {
        var random = new Random(seed);
        var counter = new WordTokenCounter();
        var builder = new ContextBuilder(counter);
        var budget = random.Next(100, 300);
        var memory = RandomText(random, 0, 10);
        var blocks = new List<string>();
        var starts = new List<int>();

        for (var turn = 0; turn < 80; turn++)
        {
            blocks.Add(RandomBlock(random));
            starts.Add(builder.Build(memory, blocks, [], string.Empty, budget).FirstBlock);
        }

        var step = (budget - counter.CountTokens(StoryText.Segment(memory) ?? string.Empty)) / 2;
        var storyTokens = blocks.Sum(b => counter.CountTokens(StoryText.Segment(b) ?? string.Empty));
        var moves = starts.Zip(starts.Skip(1)).Count(p => p.First != p.Second);
        Assert.That(starts, Is.Ordered, "the start never moves back while the story only grows");
        Assert.That(moves, Is.LessThanOrEqualTo((storyTokens / step) + 1));
    }

    static PromptContext? TryBuild(ContextBuilder builder, RandomStoryParts story, List<string> blocks, int budget)
    {
        try
        {
            return builder.Build(story.Memory, blocks, story.Cards, story.Note, budget);
        }
        catch (ContextTooLongException)
        {
            return null;
        }
    }

    static RandomStoryParts RandomStory(Random random)
    {
        var cards = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new StoryCard(new Guid(i + 1, 0, 0, new byte[8]), $"Card {i}", [Words[random.Next(Words.Length)]], RandomText(random, 1, 12), random.Next(5) > 0))
            .ToArray();
        var blocks = Enumerable.Range(0, random.Next(0, 60)).Select(_ => RandomBlock(random)).ToArray();
        return new RandomStoryParts(RandomText(random, 0, 12), blocks, cards, random.Next(3) == 0 ? string.Empty : RandomText(random, 1, 8));
    }

    static string RandomBlock(Random random) =>
        random.Next(10) == 0 ? string.Empty : (random.Next(2) == 0 ? "> You " : string.Empty) + RandomText(random, 1, 15);

    static string RandomText(Random random, int minWords, int maxWords) =>
        string.Join(' ', Enumerable.Range(0, random.Next(minWords, maxWords + 1)).Select(_ => Words[random.Next(Words.Length)]));

    sealed record RandomStoryParts(string Memory, string[] Blocks, StoryCard[] Cards, string Note);
}
