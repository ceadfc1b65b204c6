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
        var verbs = stories.SelectMany(s => s.Turns).Where(t => t.Actor is null).Select(t => t.Action.Split(' ')[2]).Distinct().ToList();
        Assert.That(verbs, Is.SupersetOf(new[] { "open", "take", "look", "attack", "talk", "climb", "run", "search", "eat", "read", "cast", "say" }));
    }

    [Test]
    public void Every_story_opens_with_narration_then_alternates_action_and_continuation()
    {
        foreach (var story in StoryCorpusGenerator.GenerateStories(seed: 11, Stories))
        {
            var text = story.ToText();
            var lines = text.Split('\n');
            var opening = lines.TakeWhile(l => !l.StartsWith('>')).Count();
            Assert.That(opening, Is.InRange(1, 2), text);
            Assert.That(lines[0], Does.StartWith(story.Party.Count == 0 ? "You are " : $"{story.Party[0]} is "), text);

            var rest = lines.Skip(opening).ToArray();
            Assert.That(rest.Length, Is.GreaterThanOrEqualTo(6), text);
            Assert.That(rest.Length % 2, Is.Zero, text);
            for (var i = 0; i < rest.Length; i += 2)
            {
                var actor = story.Turns[i / 2].Actor;
                Assert.That(rest[i], Does.StartWith(actor is null ? "> You " : $"> {actor} "), text);
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
            var speaker = turn.Actor is null ? "You say" : $"{turn.Actor} says";
            Assert.That(turn.Action, Does.Match($"^> {speaker} \".+[.!?]\"$"), turn.Action);
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

        var expected = story.Opening + string.Concat(story.Turns.Select(t => $"\n{t.Action}\n{t.Continuation}"));

        Assert.That(story.ToText(), Is.EqualTo(expected));
    }

    [Test]
    public void A_share_of_the_stories_are_a_party_s_taking_turns_in_the_third_person()
    {
        var stories = StoryCorpusGenerator.GenerateStories(seed: 29, Stories).ToList();
        var parties = stories.Where(s => s.Party.Count > 0).ToList();

        Assert.That(parties.Count, Is.InRange(Stories / 5, Stories * 2 / 5));
        foreach (var story in parties)
        {
            Assert.That(story.Party, Has.Count.InRange(2, 3));
            var actors = story.Turns.Select(t => t.Actor).ToList();
            for (var i = 1; i < actors.Count; i++)
            {
                Assert.That(actors[i], Is.Not.EqualTo(actors[i - 1]), "members take turns");
            }

            // Outside quotes a party's story never says "you": every character is named or "they".
            var outside = Quoted().Replace(story.ToText(), "");
            Assert.That(outside, Does.Not.Match(@"\b[Yy]ou(r|rs|rself)?\b"), story.ToText());
        }
    }

    [Test]
    public void Party_members_are_never_named_like_a_character_of_the_cast()
    {
        var cast = StoryCorpusGenerator.GenerateStories(seed: 31, Stories).SelectMany(s => s.Turns).Where(t => t.Kind == TurnKind.Say)
            .Select(t => t.Subject).ToHashSet();
        var party = StoryCorpusGenerator.GenerateStories(seed: 31, Stories).SelectMany(s => s.Party).ToHashSet();

        Assert.That(party, Is.Not.Empty);
        Assert.That(party.Intersect(cast), Is.Empty);
    }

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex Quoted();

    // Ends on . ! or ?, optionally closing a quotation.
    [GeneratedRegex("[.!?]\"?$")]
    private static partial Regex SentenceEnd();

    // A sentence end is terminal punctuation (maybe closing a quote) followed by the end or a new sentence;
    // a comma before a closing quote ("Hello," she says.) is not one.
    [GeneratedRegex("[.!?]\"?(?=\\s+[\"A-Z]|$)")]
    private static partial Regex Sentences();
}
