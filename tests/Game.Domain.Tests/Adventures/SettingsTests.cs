using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;

namespace AdventureServer.Game.Tests.Adventures;

public class SettingsTests
{
    [Test]
    public void Generation_settings_are_clamped_to_the_server_limits()
    {
        var adventure = Play.NewAdventure();

        var stored = adventure.ChangeSettings(Play.Host, new GenerationSettings
        {
            Temperature = 9,
            TopK = -3,
            TopP = 1.5,
            RepetitionPenalty = 0.2,
            MaxNewTokens = 100_000,
            Seed = 42,
            StopSequences = ["THE END"],
        });

        Assert.That(stored, Is.EqualTo(new GenerationSettings
        {
            Temperature = 2,
            TopK = 0,
            TopP = 1,
            RepetitionPenalty = 1,
            MaxNewTokens = GameLimits.Default.MaxNewTokens,
            Seed = 42,
            StopSequences = ["THE END"],
        }));
        Assert.That(adventure.Settings, Is.EqualTo(stored));
    }

    [Test]
    public void Settings_that_cannot_be_clamped_are_refused()
    {
        var adventure = Play.NewAdventure();

        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeSettings(Play.Host, new GenerationSettings { Temperature = double.NaN }))!.Reason, Is.EqualTo(RuleReason.InvalidSettings));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeSettings(Play.Host, new GenerationSettings { StopSequences = [""] }))!.Reason, Is.EqualTo(RuleReason.InvalidSettings));
        var tooMany = Enumerable.Range(0, GameLimits.Default.MaxStopSequences + 1).Select(i => $"s{i}").ToArray();
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeSettings(Play.Host, new GenerationSettings { StopSequences = tooMany }))!.Reason, Is.EqualTo(RuleReason.InvalidSettings));
    }

    [Test]
    public void Players_cannot_change_settings_memory_or_cards()
    {
        var adventure = Play.WithParty();

        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeMemory(Play.Alice, "x"))!.Reason, Is.EqualTo(RuleReason.NotHost));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.AddStoryCard(Play.Alice, "t", ["k"], "x"))!.Reason, Is.EqualTo(RuleReason.NotHost));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeSettings(Play.Alice, GenerationSettings.Default))!.Reason, Is.EqualTo(RuleReason.NotHost));
    }

    [Test]
    public void Memory_and_authors_note_longer_than_the_limits_are_refused()
    {
        var adventure = Play.NewAdventure();

        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeMemory(Play.Host, new string('m', GameLimits.Default.MaxMemoryLength + 1)))!.Reason, Is.EqualTo(RuleReason.TooLong));
        Assert.That(Assert.Throws<GameRuleException>(() => adventure.ChangeAuthorsNote(Play.Host, new string('n', GameLimits.Default.MaxAuthorsNoteLength + 1)))!.Reason, Is.EqualTo(RuleReason.TooLong));
    }

    [Test]
    public void Story_cards_can_be_added_updated_and_removed_with_clean_keys()
    {
        var adventure = Play.NewAdventure();

        var card = adventure.AddStoryCard(Play.Host, "Dragon", [" dragon ", "Dragon", "", "wyrm"], "A red dragon lives here.");
        adventure.UpdateStoryCard(Play.Host, card with { Enabled = false });

        Assert.That(adventure.StoryCards.Single().Keys, Is.EqualTo(new[] { "dragon", "wyrm" }));
        Assert.That(adventure.StoryCards.Single().Enabled, Is.False);
        adventure.RemoveStoryCard(Play.Host, card.Id);
        Assert.That(adventure.StoryCards, Is.Empty);
    }

    [Test]
    public void The_party_cap_is_clamped_between_one_and_the_server_maximum()
    {
        var adventure = Play.NewAdventure();

        adventure.ChangePartyCap(Play.Host, 0);
        Assert.That(adventure.PartyCap, Is.EqualTo(1));
        adventure.ChangePartyCap(Play.Host, 1000);
        Assert.That(adventure.PartyCap, Is.EqualTo(GameLimits.Default.MaxPartyCap));
    }
}
