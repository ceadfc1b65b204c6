using AdventureServer.Game.Rules;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Tests.Text;

public class ScenarioTextTests
{
    [Test]
    public void Placeholders_are_filled_with_the_hosts_values()
    {
        var values = new Dictionary<string, string> { ["character name"] = "Mira", ["town"] = "Oakvale" };

        var text = ScenarioText.Fill("You are ${character name} of ${town}. ${character name} draws a sword.", values);

        Assert.That(text, Is.EqualTo("You are Mira of Oakvale. Mira draws a sword."));
    }

    [Test]
    public void A_missing_placeholder_value_is_refused_naming_the_placeholder()
    {
        var values = new Dictionary<string, string> { ["town"] = "Oakvale" };

        var error = Assert.Throws<GameRuleException>(() => ScenarioText.Fill("You are ${character name} of ${town}.", values));

        Assert.That(error!.Reason, Is.EqualTo(RuleReason.MissingPlaceholder));
        Assert.That(error.Message, Does.Contain("${character name}"));
        Assert.That(error.Message, Does.Not.Contain("${town}"));
    }

    [Test]
    public void A_blank_value_counts_as_missing()
    {
        var values = new Dictionary<string, string> { ["name"] = "  " };

        Assert.Throws<GameRuleException>(() => ScenarioText.Fill("Hi ${name}", values));
    }
}
