using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Adventures;

public class GameMasterTests
{
    [Test]
    public void A_game_master_may_narrate_into_any_adventure_without_joining_or_word_filters()
    {
        var adventure = Play.NewAdventure();
        adventure.ChangeBannedWords(Play.Host, ["storm"]);

        var turn = adventure.Act(Play.GameMaster, ActionKind.Story, "A storm breaks.");

        Assert.That(turn.Action.Text, Is.EqualTo("A storm breaks."));
        Assert.That(adventure.FindMember(Play.GameMaster.UserId), Is.Null);
        Assert.That(adventure.LastActorId, Is.Null);
    }

    [Test]
    public void A_game_master_may_edit_and_moderate_but_not_while_the_story_is_written()
    {
        var adventure = Play.WithParty();
        var turn = adventure.Act(Play.Alice, ActionKind.Do, "I sing");

        adventure.Ban(Play.GameMaster, Play.Bob.UserId);

        Assert.That(adventure.CanEdit(Play.GameMaster, turn.Continuation.Id, "x")?.Reason, Is.EqualTo(RuleReason.Busy));
        Assert.That(adventure.CanEdit(Play.GameMaster, turn.Action.Id, "> You hum."), Is.Null);
        Assert.That(adventure.Banned, Does.Contain(Play.Bob.UserId));
    }

    [Test]
    public void A_kicked_player_who_rejoins_goes_to_the_end_of_the_join_order()
    {
        var adventure = Play.WithParty();

        adventure.Kick(Play.GameMaster, Play.Alice.UserId);
        adventure.Join(Play.Alice.UserId, "Alice again");

        Assert.That(adventure.Members.Select(m => m.DisplayName), Is.EqualTo(new[] { "Hana", "Bob", "Alice again" }));
    }
}
