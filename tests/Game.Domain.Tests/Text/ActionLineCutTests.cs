using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

/// <summary>The model writes player actions; the cut removes them wherever they start, and the first token never opens one.</summary>
public class ActionLineCutTests
{
    [TestCase("The door opens.\n> You walk in.\nMore.", "The door opens.")]
    [TestCase("The door opens.\n  > You walk in.", "The door opens.")]
    [TestCase("The door opens. A man says \"a > b\".\nHe nods.", "The door opens. A man says \"a > b\".\nHe nods.")]
    [TestCase("The door opens.\nThe wind blows.\n> Mira opens the gate.", "The door opens.\nThe wind blows.")]
    public void The_cut_removes_every_line_from_the_first_action_line_on(string raw, string clean)
    {
        Assert.That(ContinuationCleanup.Clean(raw), Is.EqualTo(clean));
    }

    [TestCase("> You say \"Will you one, howls around here.")]
    [TestCase(" > You run.\nThe wolf follows.")]
    public void A_continuation_that_begins_with_an_action_line_is_cut_there(string raw)
    {
        // The game's prompt ends with a line break, so the continuation's first line is a line of the story.
        Assert.That(ContinuationCleanup.Clean(raw), Is.Empty);
    }

    [TestCase(">")]
    [TestCase(" >")]
    [TestCase(">>")]
    [TestCase("\n")]
    [TestCase(" ")]
    [TestCase("\n>")]
    [TestCase("<|endoftext|>")]
    public void After_a_prompt_ending_in_a_line_break_the_first_token_may_not_open_an_action_or_an_empty_line(string token)
    {
        Assert.That(ContinuationStart.MayBeginWith("The cave is dark.\n> You light a torch.\n", token), Is.False);
    }

    [TestCase("The")]
    [TestCase(" The")]
    [TestCase("\"")]
    [TestCase("A")]
    public void After_a_prompt_ending_in_a_line_break_narration_may_begin(string token)
    {
        Assert.That(ContinuationStart.MayBeginWith("The cave is dark.\n> You light a torch.\n", token), Is.True);
    }

    [TestCase("\n", false)]
    [TestCase(" \n", false)]
    [TestCase(".\n>", false)]
    [TestCase(">", true)]
    [TestCase(" and", true)]
    [TestCase(".", true)]
    public void After_a_prompt_ending_mid_line_the_first_token_may_not_end_the_line(string token, bool allowed)
    {
        // Mid-line, ">" is just a character ("a > b"); a line break first could be followed by an action.
        Assert.That(ContinuationStart.MayBeginWith("The torch flickers", token), Is.EqualTo(allowed));
    }

    [Test]
    public void A_continuation_whose_first_token_passes_the_rule_keeps_a_non_empty_first_line_after_the_cut()
    {
        const string prompt = "You stand in a hall.\n> You open the door.\n";
        foreach (var (first, rest) in new[] { ("The", " door creaks.\n> You step in."), (" A", " draft.\n>") })
        {
            Assert.That(ContinuationStart.MayBeginWith(prompt, first), Is.True);
            Assert.That(ContinuationCleanup.Clean(first + rest), Is.Not.Empty);
        }
    }
}
