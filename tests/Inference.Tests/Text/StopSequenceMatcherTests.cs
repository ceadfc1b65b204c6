using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Text;

public class StopSequenceMatcherTests
{
    [Test]
    public void Text_without_a_stop_sequence_passes_straight_through()
    {
        var matcher = new StopSequenceMatcher(["\n\n"]);

        Assert.That(matcher.Push("You open the door."), Is.EqualTo("You open the door."));
        Assert.That(matcher.Stopped, Is.False);
    }

    [Test]
    public void A_stop_sequence_split_across_deltas_is_never_shown()
    {
        var matcher = new StopSequenceMatcher(["THE END"]);
        var shown = new List<string>();

        foreach (var delta in new[] { "and so they lived. T", "HE ", "EN", "D and more" })
            shown.Add(matcher.Push(delta));
        shown.Add(matcher.Flush());

        Assert.That(string.Concat(shown), Is.EqualTo("and so they lived. "));
        Assert.That(matcher.Stopped, Is.True);
        Assert.That(shown, Has.None.Contains("T").And.None.Contains("EN"));
    }

    [Test]
    public void A_partial_match_is_held_back_until_it_is_settled_and_then_released()
    {
        var matcher = new StopSequenceMatcher(["Player:"]);

        Assert.That(matcher.Push("The dragon sleeps. Pla"), Is.EqualTo("The dragon sleeps. "));
        Assert.That(matcher.Push("net"), Is.EqualTo("Planet"));
        Assert.That(matcher.Push(" Pl"), Is.EqualTo(" "));
        Assert.That(matcher.Flush(), Is.EqualTo("Pl"));
        Assert.That(matcher.Stopped, Is.False);
    }

    [Test]
    public void The_earliest_of_several_stop_sequences_wins()
    {
        var matcher = new StopSequenceMatcher(["\n\n", "> "]);

        Assert.That(matcher.Push("A cave.> look\n\nmore"), Is.EqualTo("A cave."));
        Assert.That(matcher.Push("ignored"), Is.Empty);
        Assert.That(matcher.Flush(), Is.Empty);
    }

    [Test]
    public void A_repeated_prefix_inside_the_stop_sequence_still_matches()
    {
        var matcher = new StopSequenceMatcher(["aab"]);

        Assert.That(matcher.Push("xaa"), Is.EqualTo("x"));
        Assert.That(matcher.Push("ab"), Is.EqualTo("a"));
        Assert.That(matcher.Stopped, Is.True);
    }
}
