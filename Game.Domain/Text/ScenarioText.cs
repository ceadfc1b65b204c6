using System.Text.RegularExpressions;
using AdventureServer.Game.Rules;

namespace AdventureServer.Game.Text;

/// <summary>Fills a scenario's <c>${placeholders}</c>, e.g. <c>${character name}</c>.</summary>
public static partial class ScenarioText
{
    /// <summary>The placeholder names in <paramref name="template"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Placeholders(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Placeholder().Matches(template).Select(m => m.Groups[1].Value.Trim()).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The template with every placeholder replaced. Throws <see cref="GameRuleException"/> with
    /// <see cref="RuleReason.MissingPlaceholder"/> naming the placeholders that have no (or a blank) value.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var missing = Placeholders(template)
            .Where(name => !values.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
            .ToArray();
        if (missing.Length > 0)
        {
            var names = string.Join(", ", missing.Select(n => "${" + n + "}"));
            throw new GameRuleException(RuleReason.MissingPlaceholder, $"The scenario needs a value for {names}.");
        }

        return Placeholder().Replace(template, m => values[m.Groups[1].Value.Trim()].Trim());
    }

    [GeneratedRegex(@"\$\{([^}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
