using System.Text.RegularExpressions;
using AdventureServer.Training.Corpus;

namespace AdventureServer.Training.Tests;

public partial class StoryCorpusGeneratorTests
{
    private const int Stories = 400;

    [Test]
    public void Same_seed_gives_identical_stories()
    {
        var first = StoryCorpusGenerator.Generate(seed: 42, Stories).ToList();
        var second = StoryCorpusGenerator.Generate(seed: 42, Stories).ToList();

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void A_different_seed_gives_different_stories()
    {
        var first = StoryCorpusGenerator.Generate(seed: 1, Stories).ToList();
        var second = StoryCorpusGenerator.Generate(seed: 2, Stories).ToList();

        Assert.That(second.Intersect(first).Count(), Is.LessThan(Stories / 100));
    }

    [Test]
    public void A_story_does_not_depend_on_how_many_stories_are_asked_for()
    {
        var short_ = StoryCorpusGenerator.Generate(seed: 5, 10).ToList();
        var long_ = StoryCorpusGenerator.Generate(seed: 5, 50).Take(10).ToList();

        Assert.That(long_, Is.EqualTo(short_));
    }

    [Test]
    public void Stories_are_varied_in_setting_and_text()
    {
        var stories = StoryCorpusGenerator.GenerateStories(seed: 3, Stories).ToList();

        Assert.That(stories.Select(s => s.Setting).Distinct(), Is.EquivalentTo(StoryCorpusGenerator.Settings));
        Assert.That(StoryCorpusGenerator.Settings, Has.Count.GreaterThanOrEqualTo(7));
        Assert.That(stories.Select(s => s.ToText()).Distinct().Count(), Is.EqualTo(Stories));
        var verbs = stories.SelectMany(s => s.Turns).Select(t => t.Action.Split(' ')[1]).Distinct().ToList();
        Assert.That(verbs, Is.SupersetOf(new[] { "open", "take", "look", "attack", "talk", "climb", "run", "search", "eat", "read", "cast", "say" }));
    }

    [Test]
    public void Every_story_opens_with_narration_then_alternates_action_and_continuation()
    {
        foreach (var text in StoryCorpusGenerator.Generate(seed: 11, Stories))
        {
            var lines = text.Split('\n');
            var opening = lines.TakeWhile(l => !l.StartsWith('>')).Count();
            Assert.That(opening, Is.InRange(1, 2), text);
            Assert.That(lines[0], Does.StartWith("You are "), text);

            var rest = lines.Skip(opening).ToArray();
            Assert.That(rest.Length, Is.GreaterThanOrEqualTo(6), text);
            Assert.That(rest.Length % 2, Is.Zero, text);
            for (var i = 0; i < rest.Length; i += 2)
            {
                Assert.That(rest[i], Does.StartWith("> You "), text);
                Assert.That(rest[i + 1], Does.Not.StartWith(">").And.Not.Empty, text);
            }
        }
    }

    [Test]
    public void Say_actions_quote_what_is_said_and_get_a_quoted_reply()
    {
        var says = StoryCorpusGenerator.GenerateStories(seed: 13, Stories).SelectMany(s => s.Turns).Where(t => t.Kind == TurnKind.Say).ToList();

        Assert.That(says, Is.Not.Empty);
        foreach (var turn in says)
        {
            Assert.That(turn.Action, Does.Match("^You say \".+[.!?]\"$"), turn.Action);
            Assert.That(turn.Continuation, Does.Contain("\""), turn.Continuation);
        }
    }

    [Test]
    public void Continuations_are_full_sentences_with_no_action_lines_or_placeholders()
    {
        foreach (var story in StoryCorpusGenerator.GenerateStories(seed: 17, Stories))
        {
            Assert.That(story.Opening, Does.Match(SentenceEnd()), story.Opening);
            foreach (var turn in story.Turns)
            {
                Assert.That(turn.Continuation, Does.Not.Contain("\n").And.Not.Contain("{").And.Not.Contain("}"));
                Assert.That(turn.Action, Does.Not.Contain("{").And.Match(SentenceEnd()));
                Assert.That(turn.Continuation, Does.Match(SentenceEnd()), turn.Continuation);
                Assert.That(char.IsUpper(turn.Continuation[0]) || turn.Continuation[0] == '"', Is.True, turn.Continuation);
                Assert.That(Sentences().Count(turn.Continuation), Is.InRange(1, 4), turn.Continuation);
            }
        }
    }

    [Test]
    public void Continuations_answer_the_action_they_follow()
    {
        foreach (var turn in StoryCorpusGenerator.GenerateStories(seed: 19, Stories).SelectMany(s => s.Turns))
        {
            Assert.That(turn.Action, Does.Contain(turn.Subject), turn.Action);
            Assert.That(turn.Continuation, Does.Contain(turn.Subject).IgnoreCase, $"{turn.Action} -> {turn.Continuation}");
        }
    }

    [Test]
    public void The_text_of_a_story_is_the_opening_then_each_action_and_continuation()
    {
        var story = StoryCorpusGenerator.Story(seed: 23, index: 4);

        var expected = story.Opening + string.Concat(story.Turns.Select(t => $"\n> {t.Action}\n{t.Continuation}"));

        Assert.That(story.ToText(), Is.EqualTo(expected));
    }

    // Ends on . ! or ?, optionally closing a quotation.
    [GeneratedRegex("[.!?]\"?$")]
    private static partial Regex SentenceEnd();

    // A sentence end is terminal punctuation (maybe closing a quote) followed by the end or a new sentence;
    // a comma before a closing quote ("Hello," she says.) is not one.
    [GeneratedRegex("[.!?]\"?(?=\\s+[\"A-Z]|$)")]
    private static partial Regex Sentences();
}
