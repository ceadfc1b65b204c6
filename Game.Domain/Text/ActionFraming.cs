using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Text;

/// <summary>
/// Turns what a player typed into the text the story shows:
/// Do <c>&gt; You open your door.</c> (first person becomes second person outside quotes; a bare verb
/// phrase such as "open the door" gets "You"); Say <c>&gt; You say "Hello."</c>; Story as typed; Continue empty.
/// With a character name (a party adventure framed in the third person) Do reads <c>&gt; Mira opens the door.</c>
/// (the rule is in <see cref="ThirdPerson"/>) and Say <c>&gt; Mira says "Hello."</c>. The context builder, the
/// training corpus and the cleanup all take the game's text format from here.
/// </summary>
public static partial class ActionFraming
{
    static readonly string[] SentenceEnds = [".", "!", "?", "…"];

    /// <summary>What starts every action line of the story: <c>&gt; </c>.</summary>
    public const string Marker = "> ";

    /// <summary>The framed text of an action in the second person.</summary>
    public static string Frame(ActionKind kind, string typed) => Frame(kind, typed, characterName: null);

    /// <summary>
    /// The framed text of an action: in the second person when <paramref name="characterName"/> is null or blank,
    /// else in the third person with that name.
    /// </summary>
    public static string Frame(ActionKind kind, string typed, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var name = string.IsNullOrWhiteSpace(characterName) ? null : characterName.Trim();
        return kind switch
        {
            ActionKind.Do => name is null ? FrameDo(typed) : FrameDo(typed, name),
            ActionKind.Say => name is null ? FrameSay(typed) : FrameSay(typed, name),
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

        // A bare verb phrase ("open my door") reads as an order to "you"; a capitalised start
        // ("Bob opens...", "Suddenly...") or a noun phrase ("the sword is mine") is left as the player wrote it.
        var bareVerb = ThirdPerson.IsBareVerbPhrase(text);
        text = ToSecondPerson(text);
        if (bareVerb)
        {
            text = "You " + text;
        }

        return Marker + EndSentence(Capitalize(text));
    }

    /// <summary><c>&gt; Mira opens the door.</c>: <paramref name="typed"/> in the third person with <paramref name="name"/>.</summary>
    public static string FrameDo(string typed, string name)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var text = StripPrompt(typed.Trim());
        return text.Length == 0 ? string.Empty : Marker + EndSentence(Capitalize(ThirdPerson.Rewrite(text, name.Trim())));
    }

    /// <summary><c>&gt; You say "Hello."</c></summary>
    public static string FrameSay(string typed) => FrameSpeech(typed, "You say");

    /// <summary><c>&gt; Tomas says "Run."</c></summary>
    public static string FrameSay(string typed, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return FrameSpeech(typed, name.Trim() + " says");
    }

    static string FrameSpeech(string typed, string speaker)
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

        return $"{Marker}{speaker} \"{Capitalize(text)}\"";
    }

    /// <summary>
    /// Narration or an action turned into the third person with <paramref name="name"/> as its first subject,
    /// outside quotes (the rule is in <see cref="ThirdPerson"/>): "You are a knight, and your sword..." →
    /// "Mira is a knight, and their sword...". The corpus writes a party's narration with it.
    /// </summary>
    public static string ToThirdPerson(string text, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ThirdPerson.Rewrite(text, name.Trim());
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

    // "mine" is the pronoun only after "is", "was", "of"... ("the sword is mine"); "the old mine" is a place.
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

    static string StripPrompt(string text) => text.StartsWith('>') ? text[1..].TrimStart() : text;

    static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    static string EndSentence(string text) =>
        EndsWithAny(text, SentenceEnds) || IsClosingQuote(text[^1]) ? text : text + ".";

    static bool EndsWithAny(string text, string[] ends) => ends.Any(e => text.EndsWith(e, StringComparison.Ordinal));

    static bool IsOpeningQuote(char c) => c is '"' or '“' or '\'';

    static bool IsClosingQuote(char c) => c is '"' or '”' or '\'';

    [GeneratedRegex(@"(?<![\p{L}\p{N}_'’])(?:I am|I was|I['’](?:m|ve|ll|d)|I|me|my|(?<=\b(?:is|was|are|were|be|of)\s+)mine|myself)(?![\p{L}\p{N}_'’])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FirstPersonWord();
}
