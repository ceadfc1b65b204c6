using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Adventures;

public class EditingTests
{
    [Test]
    public void Undo_restores_the_previous_block_when_no_generation_is_running()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var before = adventure.StoryText;
        adventure.Turn(Play.Bob, "I stand", " You stand.");

        var hidden = adventure.Undo(Play.Bob);

        Assert.That(adventure.StoryText, Is.EqualTo(before));
        Assert.That(hidden.Select(b => b.Type), Is.EqualTo(new[] { BlockType.Action, BlockType.Continuation }));
        Assert.That(adventure.Blocks, Has.Count.EqualTo(5), "undone blocks are kept, hidden");
    }

    [Test]
    public void Redo_shows_the_undone_turn_again()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var full = adventure.StoryText;
        adventure.Undo(Play.Alice);

        adventure.Redo(Play.Alice);

        Assert.That(adventure.StoryText, Is.EqualTo(full));
        Assert.That(adventure.CanRedo(Play.Alice)?.Reason, Is.EqualTo(RuleReason.NothingToRedo));
    }

    [Test]
    public void A_new_action_clears_the_redo_stack_but_keeps_the_undone_text()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Undo(Play.Alice);

        adventure.Turn(Play.Alice, "I jump", " You jump.");

        Assert.That(adventure.CanRedoAnything, Is.False);
        Assert.That(adventure.Blocks.Where(b => b.Hidden).Select(b => b.Text), Is.EqualTo(new[] { "> You sit.", " You sit." }));
    }

    [Test]
    public void Undo_redo_retry_edit_and_erase_are_refused_while_the_continuation_is_being_written()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var writing = adventure.Act(Play.Alice, ActionKind.Do, "I jump").Continuation;
        var opening = adventure.Blocks[0];

        Assert.That(adventure.CanUndo(Play.Alice)?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanRedo(Play.Alice)?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanRetry(Play.Alice)?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanEdit(Play.Alice, writing.Id, "x")?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanEraseAfter(Play.Alice, opening.Id)?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.Undo(Play.GameMaster))!.Reason, Is.EqualTo(RuleReason.Busy));
    }

    [Test]
    public void Editing_a_finished_block_is_allowed_while_a_later_one_is_being_written()
    {
        var adventure = Play.WithParty();
        adventure.Act(Play.Alice, ActionKind.Do, "I jump");

        var edited = adventure.Edit(Play.Host, adventure.Blocks[0].Id, "You stand before a bright cave.");

        Assert.That(edited.Text, Is.EqualTo("You stand before a bright cave."));
        Assert.That(edited.History, Is.EqualTo(new[] { "You stand before a dark cave." }));
    }

    [Test]
    public void Undo_never_removes_the_opening()
    {
        var adventure = Play.NewAdventure();

        Assert.That(adventure.CanUndo(Play.Host)?.Reason, Is.EqualTo(RuleReason.NothingToUndo));
    }

    [Test]
    public void Retry_keeps_the_earlier_continuation_as_an_alternative()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Turn(Play.Alice, "I sit", " You sit.");

        var retried = adventure.Retry(Play.Bob);
        adventure.WriteContinuation(retried.Id, " You sit down slowly.", ContinuationState.Done);

        var block = adventure.FindBlock(turn.Continuation.Id)!;
        Assert.That(block.Alternatives.Select(a => a.Text), Is.EqualTo(new[] { " You sit.", " You sit down slowly." }));
        Assert.That(block.Shown, Is.EqualTo(1));
        Assert.That(adventure.StoryText, Does.EndWith("You sit down slowly.\n"));
    }

    [Test]
    public void Selecting_an_earlier_alternative_shows_it_again()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.WriteContinuation(adventure.Retry(Play.Alice).Id, " No.", ContinuationState.Done);

        adventure.SelectAlternative(Play.Alice, turn.Continuation.Id, 0);

        Assert.That(adventure.StoryText, Does.EndWith("> You sit.\nYou sit.\n"));
        Assert.That(adventure.CanSelectAlternative(Play.Alice, turn.Continuation.Id, 2)?.Reason, Is.EqualTo(RuleReason.NotFound));
    }

    [Test]
    public void Retry_needs_a_continuation_at_the_end()
    {
        var adventure = Play.NewAdventure();

        Assert.That(adventure.CanRetry(Play.Host)?.Reason, Is.EqualTo(RuleReason.NothingToRetry));
    }

    [Test]
    public void Editing_keeps_every_previous_text_in_the_history()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Turn(Play.Alice, "I sit", " You sit.");

        adventure.Edit(Play.Alice, turn.Action.Id, "> You kneel.");
        var edited = adventure.Edit(Play.Alice, turn.Action.Id, "> You bow.");

        Assert.That(edited.Text, Is.EqualTo("> You bow."));
        Assert.That(edited.History, Is.EqualTo(new[] { "> You sit.", "> You kneel." }));
        Assert.That(adventure.StoryText, Does.Contain("> You bow.\nYou sit.\n"));
    }

    [Test]
    public void Editing_a_hidden_block_is_refused()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Undo(Play.Alice);

        Assert.That(adventure.CanEdit(Play.Alice, turn.Action.Id, "x")?.Reason, Is.EqualTo(RuleReason.NotFound));
    }

    [Test]
    public void Erase_to_here_hides_everything_after_the_block_and_redo_restores_it()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var full = adventure.StoryText;
        adventure.Turn(Play.Bob, "I stand", " You stand.");
        var kept = adventure.StoryText;
        adventure.Turn(Play.Alice, "I run", " You run.");

        var erased = adventure.EraseAfter(Play.Host, adventure.Blocks[0].Id);

        Assert.That(erased, Has.Count.EqualTo(6));
        Assert.That(adventure.StoryText, Is.EqualTo("You stand before a dark cave.\n"));
        Assert.That(adventure.Blocks, Has.Count.EqualTo(7));
        adventure.Redo(Play.Host);
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(kept));
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(full));
    }

    [Test]
    public void Muted_players_cannot_undo_or_edit()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Mute(Play.Host, Play.Alice.UserId);

        Assert.That(adventure.CanUndo(Play.Alice)?.Reason, Is.EqualTo(RuleReason.Muted));
        Assert.That(adventure.CanEdit(Play.Alice, turn.Action.Id, "x")?.Reason, Is.EqualTo(RuleReason.Muted));
    }
}
