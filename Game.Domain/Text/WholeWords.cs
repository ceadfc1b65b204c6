using System.Text.RegularExpressions;

namespace AdventureServer.Game.Text;

/// <summary>Whole-word, case-insensitive search, shared by banned words and story-card keys.</summary>
public static class WholeWords
{
    static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    /// <summary>The first of <paramref name="words"/> found in <paramref name="text"/> as a whole word, or null.</summary>
    public static string? FindAny(string text, IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(words);
        return words.FirstOrDefault(w => Contains(text, w));
    }

    /// <summary>True when <paramref name="word"/> (which may hold spaces or punctuation) occurs as a whole word.</summary>
    public static bool Contains(string text, string word)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(word);
        var trimmed = word.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }

        // Lookarounds instead of \b so that words starting or ending in punctuation still match whole.
        var pattern = $@"(?<![\p{{L}}\p{{N}}_]){Regex.Escape(trimmed)}(?![\p{{L}}\p{{N}}_])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout);
    }
}
