using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Text;

public class StoryTextTests
{
    [Test]
    public void Each_block_is_trimmed_and_ends_its_own_line_and_blank_blocks_add_nothing()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Act(Play.Alice, ActionKind.Continue, string.Empty);
        adventure.WriteContinuation(turn.Continuation.Id, "  The wind howls.\n\nA wolf answers.  ", ContinuationState.Done);
        adventure.Turn(Play.Bob, "I hide", " ");

        Assert.That(adventure.StoryText, Is.EqualTo("You stand before a dark cave.\nThe wind howls.\n\nA wolf answers.\n> You hide.\n"));
    }

    [Test]
    public void Segment_of_a_blank_text_is_null()
    {
        Assert.That(StoryText.Segment(" \n "), Is.Null);
        Assert.That(StoryText.Segment(" x "), Is.EqualTo("x\n"));
    }
}
