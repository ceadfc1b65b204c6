using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Adventures;

public class EraseUndoTests
{
    [Test]
    public void Undo_right_after_erase_to_here_shows_the_erased_blocks_again_and_hides_nothing_more()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var kept = adventure.StoryText;
        adventure.Turn(Play.Bob, "I stand", " You stand.");
        adventure.Turn(Play.Alice, "I run", " You run.");
        var full = adventure.StoryText;

        adventure.EraseAfter(Play.Host, adventure.Blocks[2].Id);
        Assert.That(adventure.StoryText, Is.EqualTo(kept));

        var shown = adventure.Undo(Play.Host);

        Assert.That(adventure.StoryText, Is.EqualTo(full), "the erase was taken back");
        Assert.That(shown, Has.Count.EqualTo(4));
        Assert.That(adventure.VisibleBlocks, Has.Count.EqualTo(7));
    }

    [Test]
    public void Two_erases_are_undone_newest_first_and_then_undo_hides_the_last_turn_again()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        var one = adventure.StoryText;
        adventure.Turn(Play.Bob, "I stand", " You stand.");
        var two = adventure.StoryText;
        adventure.Turn(Play.Alice, "I run", " You run.");
        var three = adventure.StoryText;

        adventure.EraseAfter(Play.Host, adventure.Blocks[4].Id);
        adventure.EraseAfter(Play.Host, adventure.Blocks[0].Id);
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(two));
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(three));
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(two), "with the erases taken back, undo hides the last turn");
        adventure.Undo(Play.Host);
        Assert.That(adventure.StoryText, Is.EqualTo(one));
    }

    [Test]
    public void A_new_turn_after_an_erase_makes_undo_hide_that_turn()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Turn(Play.Bob, "I stand", " You stand.");
        adventure.EraseAfter(Play.Host, adventure.Blocks[2].Id);
        var afterErase = adventure.StoryText;
        adventure.Turn(Play.Alice, "I jump", " You jump.");

        adventure.Undo(Play.Host);

        Assert.That(adventure.StoryText, Is.EqualTo(afterErase));
    }

    [Test]
    public void An_erase_survives_being_stored_and_restored_so_undo_still_takes_it_back()
    {
        var adventure = Play.WithParty();
        adventure.Turn(Play.Alice, "I sit", " You sit.");
        adventure.Turn(Play.Bob, "I stand", " You stand.");
        var full = adventure.StoryText;
        adventure.EraseAfter(Play.Host, adventure.Blocks[0].Id);

        var restored = Adventure.Restore(adventure.ToSnapshot(), GameLimits.Default);
        restored.Undo(Play.Host);

        Assert.That(restored.StoryText, Is.EqualTo(full));
    }

    [Test]
    public void Only_the_host_may_delete_an_adventure_and_not_while_the_story_is_written()
    {
        var adventure = Play.WithParty();

        Assert.That(adventure.CanDelete(Play.Alice)?.Reason, Is.EqualTo(RuleReason.NotHost));
        Assert.That(adventure.CanDelete(new Actor("stranger", "Stranger"))?.Reason, Is.EqualTo(RuleReason.NotMember));
        Assert.That(adventure.CanDelete(Play.GameMaster)?.Reason, Is.EqualTo(RuleReason.NotHost));
        Assert.That(adventure.CanDelete(Play.Host), Is.Null);
        adventure.Act(Play.Alice, ActionKind.Do, "I sing");
        Assert.That(adventure.CanDelete(Play.Host)?.Reason, Is.EqualTo(RuleReason.Busy));
    }

    [Test]
    public void A_ban_keeps_the_name_the_user_had_and_an_unban_forgets_it()
    {
        var adventure = Play.WithParty();

        adventure.Ban(Play.Host, Play.Bob.UserId);
        var restored = Adventure.Restore(adventure.ToSnapshot(), GameLimits.Default);

        Assert.That(restored.BannedUsers, Is.EqualTo(new[] { new BannedUser(Play.Bob.UserId, Play.Bob.DisplayName) }));
        restored.Unban(Play.Host, Play.Bob.UserId);
        Assert.That(restored.BannedUsers, Is.Empty);
        Assert.That(restored.CanJoin(Play.Bob.UserId), Is.Null);
    }
}
