using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Adventures;

public class TurnTests
{
    [Test]
    public void Acting_adds_the_framed_action_and_an_empty_continuation_being_written()
    {
        var adventure = Play.WithParty();

        var result = adventure.Act(Play.Alice, ActionKind.Do, "I light my torch");

        Assert.That(result.Action.Text, Is.EqualTo("> You light your torch."));
        Assert.That(result.Action.TypedText, Is.EqualTo("I light my torch"));
        Assert.That(result.Action.AuthorId, Is.EqualTo(Play.Alice.UserId));
        Assert.That(result.Action.AuthorName, Is.EqualTo(Play.Alice.DisplayName));
        Assert.That(result.Continuation.State, Is.EqualTo(ContinuationState.Writing));
        Assert.That(adventure.VisibleBlocks.TakeLast(2), Is.EqualTo(new[] { result.Action, result.Continuation }));
        Assert.That(adventure.IsBusy, Is.True);
        Assert.That(adventure.WritingBlock, Is.EqualTo(result.Continuation));
    }

    [Test]
    public void Acting_while_a_continuation_is_being_written_is_refused_with_Busy()
    {
        var adventure = Play.WithParty();
        adventure.Act(Play.Alice, ActionKind.Do, "I light my torch");

        var error = Assert.Throws<GameRuleException>(() => adventure.Act(Play.Bob, ActionKind.Say, "Wait!"));

        Assert.That(error!.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanAct(Play.GameMaster, ActionKind.Story, "Thunder.")?.Reason, Is.EqualTo(RuleReason.Busy));
    }

    [Test]
    public void Finishing_the_continuation_unlocks_the_story_and_later_writes_to_it_are_refused()
    {
        var adventure = Play.WithParty();
        var result = adventure.Act(Play.Alice, ActionKind.Do, "I light my torch");

        adventure.WriteContinuation(result.Continuation.Id, " The", ContinuationState.Writing);
        adventure.WriteContinuation(result.Continuation.Id, " The torch flares.", ContinuationState.Done);

        Assert.That(adventure.IsBusy, Is.False);
        Assert.That(adventure.WritingBlock, Is.Null);
        Assert.That(adventure.StoryText, Does.EndWith("> You light your torch.\nThe torch flares.\n"));
        var error = Assert.Throws<GameRuleException>(() => adventure.WriteContinuation(result.Continuation.Id, "more", ContinuationState.Done));
        Assert.That(error!.Reason, Is.EqualTo(RuleReason.NotWriting));
    }

    [Test]
    public void Free_for_all_lets_anyone_act_in_any_order()
    {
        var adventure = Play.WithParty();

        adventure.Turn(Play.Bob, "I sit", " Fine.");
        adventure.Turn(Play.Bob, "I stand", " Fine.");

        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, "I wave"), Is.Null);
        Assert.That(adventure.NextActorId, Is.Null);
    }

    [Test]
    public void Round_robin_passes_the_turn_to_the_next_member_in_join_order()
    {
        var adventure = Play.WithParty(TurnPolicy.RoundRobin);

        adventure.Turn(Play.Alice, "I sit", " Fine.");

        Assert.That(adventure.NextActorId, Is.EqualTo(Play.Bob.UserId));
        Assert.That(adventure.CanAct(Play.Alice, ActionKind.Do, "I stand")?.Reason, Is.EqualTo(RuleReason.NotYourTurn));
        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, "I stand")?.Reason, Is.EqualTo(RuleReason.NotYourTurn));
        adventure.Turn(Play.Bob, "I stand", " Fine.");
        Assert.That(adventure.NextActorId, Is.EqualTo(Play.Host.UserId));
    }

    [Test]
    public void Round_robin_skips_muted_members_and_lets_a_game_master_act_out_of_turn()
    {
        var adventure = Play.WithParty(TurnPolicy.RoundRobin);
        adventure.Mute(Play.Host, Play.Bob.UserId);

        adventure.Turn(Play.Alice, "I sit", " Fine.");

        Assert.That(adventure.NextActorId, Is.EqualTo(Play.Host.UserId));
        Assert.That(adventure.CanAct(Play.GameMaster, ActionKind.Story, "A storm comes."), Is.Null);
        adventure.Turn(Play.GameMaster, "A storm comes.", " Rain.");
        Assert.That(adventure.NextActorId, Is.EqualTo(Play.Host.UserId));
    }

    [Test]
    public void Round_robin_opens_the_turn_to_everyone_when_the_last_actor_left()
    {
        var adventure = Play.WithParty(TurnPolicy.RoundRobin);
        adventure.Turn(Play.Alice, "I sit", " Fine.");

        adventure.Leave(Play.Alice.UserId);

        Assert.That(adventure.NextActorId, Is.Null);
        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, "I stand"), Is.Null);
    }

    [Test]
    public void An_action_longer_than_the_server_allows_is_refused_with_TooLong()
    {
        var adventure = Adventure.Create(new AdventureSetup("T", "Go."), Play.Host, GameLimits.Default with { MaxActionLength = 10 }, Play.Now);

        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, "I walk far away")?.Reason, Is.EqualTo(RuleReason.TooLong));
        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, "I walk"), Is.Null);
    }

    [Test]
    public void An_empty_action_is_refused_but_Continue_needs_no_text()
    {
        var adventure = Play.NewAdventure();

        Assert.That(adventure.CanAct(Play.Host, ActionKind.Say, "   ")?.Reason, Is.EqualTo(RuleReason.Empty));
        var result = adventure.Act(Play.Host, ActionKind.Continue, string.Empty);
        Assert.That(result.Action.Text, Is.Empty);
    }

    [TestCase("I kill the goblin")]
    [TestCase("I KILL the goblin")]
    [TestCase("Kill!")]
    [TestCase("I say \"kill\"")]
    public void An_action_containing_a_banned_word_is_refused(string text)
    {
        var adventure = Play.NewAdventure();
        adventure.ChangeBannedWords(Play.Host, ["kill", "blood moon"]);

        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, text)?.Reason, Is.EqualTo(RuleReason.BannedWord));
    }

    [TestCase("I look at the skillful smith")]
    [TestCase("I watch the blood and the moon")]
    public void Banned_words_match_whole_words_only(string text)
    {
        var adventure = Play.NewAdventure();
        adventure.ChangeBannedWords(Play.Host, ["kill", "blood moon"]);

        Assert.That(adventure.CanAct(Play.Host, ActionKind.Do, text), Is.Null);
    }
}
