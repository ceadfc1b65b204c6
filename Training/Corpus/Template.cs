using System.Text;

namespace AdventureServer.Training.Corpus;

/// <summary>Fills <c>{key}</c> placeholders and picks from lists with a story's own <see cref="Random"/>.</summary>
internal static class Template
{
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>Replaces every <c>{key}</c>; values may hold placeholders themselves (a character's line names a place).</summary>
    /// <exception cref="KeyNotFoundException">A placeholder has no value: a grammar bug, so it must not pass silently.</exception>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var text = template;
        // Three rounds are enough for a line inside a reply inside a continuation; more means a cycle.
        for (var round = 0; round < 3 && text.Contains('{', StringComparison.Ordinal); round++)
        {
            text = FillOnce(text, values);
        }

        return text;
    }

    public static string Capitalize(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>"a" or "an" before a phrase, by its first letter (good enough for the nouns in the catalog).</summary>
    public static string WithArticle(string phrase) =>
        "aeiou".Contains(char.ToLowerInvariant(phrase[0]), StringComparison.Ordinal) ? "an " + phrase : "a " + phrase;

    private static string FillOnce(string template, IReadOnlyDictionary<string, string> values)
    {
        var result = new StringBuilder(template.Length + 32);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf('{', position);
            if (open < 0)
            {
                result.Append(template, position, template.Length - position);
                break;
            }

            var close = template.IndexOf('}', open);
            var key = template[(open + 1)..close];
            result.Append(template, position, open - position);
            result.Append(values.TryGetValue(key, out var value)
                ? value
                : throw new KeyNotFoundException($"No value for {{{key}}} in \"{template}\"."));
            position = close + 1;
        }

        return result.ToString();
    }
}
