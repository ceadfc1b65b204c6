using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Adventures;

public class CreationTests
{
    [Test]
    public void A_new_adventure_opens_with_the_filled_scenario_and_the_host_as_its_only_member()
    {
        var setup = new AdventureSetup("Quest", "You are ${name}, a knight.")
        {
            Placeholders = new Dictionary<string, string> { ["name"] = "Mira" },
        };

        var adventure = Adventure.Create(setup, Play.Host, GameLimits.Default, Play.Now);

        Assert.That(adventure.StoryText, Is.EqualTo("You are Mira, a knight.\n"));
        Assert.That(adventure.Blocks.Single().Type, Is.EqualTo(BlockType.Opening));
        Assert.That(adventure.Members, Is.EqualTo(new[] { new Member(Play.Host.UserId, Play.Host.DisplayName, MemberRole.Host) }));
        Assert.That(JoinCode.IsWellFormed(adventure.JoinCode), Is.True);
        Assert.That(adventure.CreatedAt, Is.EqualTo(Play.Now));
    }

    [Test]
    public void Creating_from_a_scenario_with_a_missing_placeholder_is_refused()
    {
        var setup = new AdventureSetup("Quest", "You are ${name}.");

        var error = Assert.Throws<GameRuleException>(() => Adventure.Create(setup, Play.Host, GameLimits.Default, Play.Now));

        Assert.That(error!.Reason, Is.EqualTo(RuleReason.MissingPlaceholder));
    }

    [Test]
    public void The_party_cap_and_settings_are_clamped_to_the_server_limits()
    {
        var limits = GameLimits.Default with { MaxPartyCap = 4, MaxNewTokens = 100 };
        var setup = new AdventureSetup("Quest", "Go.") { PartyCap = 50, Settings = new GenerationSettings { MaxNewTokens = 5000 } };

        var adventure = Adventure.Create(setup, Play.Host, limits, Play.Now);

        Assert.That(adventure.PartyCap, Is.EqualTo(4));
        Assert.That(adventure.Settings.MaxNewTokens, Is.EqualTo(100));
    }

    [Test]
    public void A_snapshot_restores_an_equal_adventure()
    {
        var adventure = Play.WithParty(TurnPolicy.RoundRobin);
        adventure.Turn(Play.Alice, "I look", " A bat flies by.");
        adventure.AddStoryCard(Play.Host, "Bat", ["bat"], "Bats fear light.");

        var restored = Adventure.Restore(adventure.ToSnapshot(), GameLimits.Default);

        Assert.That(restored.StoryText, Is.EqualTo(adventure.StoryText));
        Assert.That(restored.NextActorId, Is.EqualTo(Play.Bob.UserId));
        Assert.That(restored.StoryCards, Is.EqualTo(adventure.StoryCards));
        Assert.That(restored.Blocks, Is.EqualTo(adventure.Blocks).Using<StoryBlock>((a, b) => a.Id == b.Id && a.Text == b.Text));
    }
}
