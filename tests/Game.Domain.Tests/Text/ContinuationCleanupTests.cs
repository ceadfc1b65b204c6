using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class ContinuationCleanupTests
{
    [Test]
    public void Cleanup_cuts_where_the_model_starts_the_next_player_action()
    {
        Assert.That(ContinuationCleanup.Clean(" The door opens.\n> You walk in.\nMore."), Is.EqualTo(" The door opens."));
    }

    [Test]
    public void Cleanup_cuts_at_end_of_text()
    {
        Assert.That(ContinuationCleanup.Clean(" It is dark.<|endoftext|>Another story."), Is.EqualTo(" It is dark."));
    }

    [Test]
    public void Cleanup_cuts_at_the_first_stop_sequence()
    {
        Assert.That(ContinuationCleanup.Clean(" A wolf howls. THE END. The sun rises.", [" THE END"]), Is.EqualTo(" A wolf howls."));
    }

    [TestCase(" The wolf runs. Then it", " The wolf runs.")]
    [TestCase(" \"Run!\" she cries. \"Now!\" And", " \"Run!\" she cries. \"Now!\"")]
    [TestCase(" Really? Yes", " Really?")]
    [TestCase(" He waits…  ", " He waits…")]
    public void Cleanup_trims_a_cut_off_trailing_sentence(string raw, string clean)
    {
        Assert.That(ContinuationCleanup.Clean(raw), Is.EqualTo(clean));
    }

    [Test]
    public void Cleanup_keeps_text_without_any_sentence_end_whole_but_trims_trailing_whitespace()
    {
        Assert.That(ContinuationCleanup.Clean(" the wind blows and blows  \n"), Is.EqualTo(" the wind blows and blows"));
    }
}
