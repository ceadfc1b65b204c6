using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Text;

/// <summary>
/// Turns what a player typed into the text the story shows:
/// Do <c>&gt; You open your door.</c> (first person becomes second person outside quotes; a bare verb
/// phrase such as "open the door" gets "You"); Say <c>&gt; You say "Hello."</c>; Story as typed; Continue empty.
/// </summary>
public static partial class ActionFraming
{
    static readonly string[] SentenceEnds = [".", "!", "?", "…"];

    /// <summary>The framed text of an action.</summary>
    public static string Frame(ActionKind kind, string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return kind switch
        {
            ActionKind.Do => FrameDo(typed),
            ActionKind.Say => FrameSay(typed),
            ActionKind.Story => typed.Trim(),
            ActionKind.Continue => string.Empty,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown action kind."),
        };
    }

    /// <summary><c>&gt; You open your door.</c></summary>
    public static string FrameDo(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var text = StripPrompt(typed.Trim());
        if (text.Length == 0)
        {
            return string.Empty;
        }

        text = ToSecondPerson(text);
        // A bare verb phrase ("open the door") reads as an order to "you"; a capitalised start
        // ("Bob opens...", "Suddenly...") is left as the player wrote it.
        if (char.IsLower(text[0]) && !SecondPersonWord().IsMatch(OutsideQuotes(text)))
        {
            text = "You " + text;
        }

        return "> " + EndSentence(Capitalize(text));
    }

    /// <summary><c>&gt; You say "Hello."</c></summary>
    public static string FrameSay(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var text = StripPrompt(typed.Trim());
        if (text.Length >= 2 && IsOpeningQuote(text[0]) && IsClosingQuote(text[^1]))
        {
            text = text[1..^1].Trim();
        }

        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (!EndsWithAny(text, SentenceEnds))
        {
            text += ".";
        }

        return $"> You say \"{Capitalize(text)}\"";
    }

    /// <summary>First person turned into second person in the parts of <paramref name="text"/> outside quotes.</summary>
    public static string ToSecondPerson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length + 16);
        var inQuote = false;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length || text[i] is '"' or '“' or '”';
            if (!boundary)
            {
                continue;
            }

            var part = text[start..i];
            result.Append(inQuote ? part : ReplaceFirstPerson(part, text, start));
            if (i < text.Length)
            {
                result.Append(text[i]);
                inQuote = text[i] switch
                {
                    '“' => true,
                    '”' => false,
                    _ => !inQuote,
                };
            }

            start = i + 1;
        }

        return result.ToString();
    }

    static string ReplaceFirstPerson(string part, string whole, int offset) =>
        FirstPersonWord().Replace(part, m =>
        {
            var word = m.Value.Replace('’', '\'').ToLowerInvariant();
            var replacement = word switch
            {
                "i am" => "you are",
                "i was" => "you were",
                "i'm" => "you're",
                "i've" => "you've",
                "i'll" => "you'll",
                "i'd" => "you'd",
                "i" or "me" => "you",
                "my" => "your",
                "mine" => "yours",
                "myself" => "yourself",
                _ => m.Value,
            };
            if (m.Value.Contains('’', StringComparison.Ordinal))
            {
                replacement = replacement.Replace('\'', '’');
            }

            // "I" is always capitalised in English, so its case says nothing; capitalise at a sentence start.
            var capital = word.StartsWith('i')
                ? AtSentenceStart(whole, offset + m.Index)
                : char.IsUpper(m.Value[0]);
            return capital ? Capitalize(replacement) : replacement;
        });

    static bool AtSentenceStart(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or '…';
    }

    static string OutsideQuotes(string text) => QuotedPart().Replace(text, " ");

    static string StripPrompt(string text) => text.StartsWith('>') ? text[1..].TrimStart() : text;

    static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    static string EndSentence(string text) =>
        EndsWithAny(text, SentenceEnds) || IsClosingQuote(text[^1]) ? text : text + ".";

    static bool EndsWithAny(string text, string[] ends) => ends.Any(e => text.EndsWith(e, StringComparison.Ordinal));

    static bool IsOpeningQuote(char c) => c is '"' or '“' or '\'';

    static bool IsClosingQuote(char c) => c is '"' or '”' or '\'';

    [GeneratedRegex(@"(?<![\p{L}\p{N}_'’])(?:I am|I was|I['’](?:m|ve|ll|d)|I|me|my|mine|myself)(?![\p{L}\p{N}_'’])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstPersonWord();

    [GeneratedRegex(@"(?<![\p{L}\p{N}_])(?:you|your|yours|yourself|you['’](?:re|ve|ll|d))(?![\p{L}\p{N}_])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecondPersonWord();

    [GeneratedRegex("\"[^\"]*\"|“[^”]*”", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPart();
}
