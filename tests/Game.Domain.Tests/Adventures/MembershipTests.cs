using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests.Adventures;

public class MembershipTests
{
    [Test]
    public void Joining_adds_a_player_in_join_order_and_joining_again_changes_nothing()
    {
        var adventure = Play.WithParty();

        adventure.Join(Play.Alice.UserId, Play.Alice.DisplayName);

        Assert.That(adventure.Members.Select(m => m.UserId), Is.EqualTo(new[] { "host-1", "alice", "bob" }));
        Assert.That(adventure.Members[1].Role, Is.EqualTo(MemberRole.Player));
    }

    [Test]
    public void Joining_a_full_party_is_refused_with_PartyFull()
    {
        var adventure = Play.NewAdventure(partyCap: 2);
        adventure.Join(Play.Alice.UserId, Play.Alice.DisplayName);

        Assert.That(adventure.CanJoin(Play.Bob.UserId)?.Reason, Is.EqualTo(RuleReason.PartyFull));
        var error = Assert.Throws<GameRuleException>(() => adventure.Join(Play.Bob.UserId, Play.Bob.DisplayName));
        Assert.That(error!.Reason, Is.EqualTo(RuleReason.PartyFull));
    }

    [Test]
    public void A_kicked_player_may_rejoin()
    {
        var adventure = Play.WithParty();

        adventure.Kick(Play.Host, Play.Alice.UserId);

        Assert.That(adventure.FindMember(Play.Alice.UserId), Is.Null);
        Assert.That(adventure.CanJoin(Play.Alice.UserId), Is.Null);
    }

    [Test]
    public void A_banned_player_is_removed_and_may_not_rejoin_until_unbanned()
    {
        var adventure = Play.WithParty();

        adventure.Ban(Play.Host, Play.Alice.UserId);

        Assert.That(adventure.FindMember(Play.Alice.UserId), Is.Null);
        Assert.That(adventure.CanJoin(Play.Alice.UserId)?.Reason, Is.EqualTo(RuleReason.Banned));
        adventure.Unban(Play.Host, Play.Alice.UserId);
        Assert.That(adventure.CanJoin(Play.Alice.UserId), Is.Null);
    }

    [Test]
    public void Only_the_host_or_a_game_master_may_moderate()
    {
        var adventure = Play.WithParty();

        var error = Assert.Throws<GameRuleException>(() => adventure.Kick(Play.Alice, Play.Bob.UserId));

        Assert.That(error!.Reason, Is.EqualTo(RuleReason.NotHost));
        Assert.DoesNotThrow(() => adventure.Mute(Play.GameMaster, Play.Bob.UserId));
    }

    [Test]
    public void The_host_cannot_be_kicked_banned_or_muted()
    {
        var adventure = Play.WithParty();

        Assert.That(Assert.Throws<GameRuleException>(() => adventure.Ban(Play.GameMaster, Play.Host.UserId))!.Reason, Is.EqualTo(RuleReason.CannotTargetHost));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.Mute(Play.GameMaster, Play.Host.UserId))!.Reason, Is.EqualTo(RuleReason.CannotTargetHost));
    }

    [Test]
    public void A_muted_player_cannot_act_and_stays_muted_after_leaving_and_rejoining()
    {
        var adventure = Play.WithParty();
        adventure.Mute(Play.Host, Play.Alice.UserId);

        adventure.Leave(Play.Alice.UserId);
        adventure.Join(Play.Alice.UserId, Play.Alice.DisplayName);

        Assert.That(adventure.CanAct(Play.Alice, ActionKind.Do, "I wave")?.Reason, Is.EqualTo(RuleReason.Muted));
        adventure.Unmute(Play.Host, Play.Alice.UserId);
        Assert.That(adventure.CanAct(Play.Alice, ActionKind.Do, "I wave"), Is.Null);
    }

    [Test]
    public void A_stranger_cannot_act()
    {
        var adventure = Play.NewAdventure();

        Assert.That(adventure.CanAct(Play.Bob, ActionKind.Do, "I wave")?.Reason, Is.EqualTo(RuleReason.NotMember));
    }
}
