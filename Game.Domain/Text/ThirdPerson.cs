using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AdventureServer.Game.Text;

/// <summary>
/// Rewrites a player's action into the third person with their character's name, outside quotes:
/// <list type="bullet">
/// <item>the first subject "I" or "you" becomes the name and the verb after it (past any "-ly" adverbs)
/// takes the third person singular ("I carefully open" → "Mira carefully opens", "I am" → "Mira is");</item>
/// <item>a bare verb phrase ("open the door") reads as if it began with "I";</item>
/// <item>later subjects become singular "they", which needs no change of verb ("…. I land" → "…. They land");</item>
/// <item>"me"/object "you" → "them", "my"/"your" → "their", "mine"/"yours" after "is", "was" or "of" → "theirs" ("the old mine" is a place), "myself"/"yourself" → "themselves";</item>
/// <item>after "and" or "then" a verb of <see cref="CommonVerbs"/> is conjugated too ("and take" → "and takes"):
/// a list rather than a guess, because "and shield" must stay a noun.</item>
/// </list>
/// Singular "they" is used because the game does not know a character's pronouns.
/// </summary>
static partial class ThirdPerson
{
    static readonly HashSet<string> Determiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "this", "that", "these", "those", "some", "his", "her", "its", "their", "our", "my", "your",
        "there", "it", "he", "she", "they", "we", "someone", "everyone", "nobody",
    };

    static readonly HashSet<string> Modals = new(StringComparer.OrdinalIgnoreCase)
    {
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "was", "cannot",
    };

    static readonly HashSet<string> SubjectLeads = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "then", "so", "but", "when", "while", "as", "if", "because", "before", "after", "until", "or", "that",
    };

    // Words that follow a subject "you" ("you have", "you notice"); after anything else "you" is an object.
    static readonly HashSet<string> SubjectFollowers = new(StringComparer.OrdinalIgnoreCase)
    {
        "are", "were", "have", "had", "will", "would", "can", "could", "should", "must", "may", "might", "do", "did",
        "feel", "hear", "know", "notice", "realize", "wonder", "think", "need", "want", "cannot", "also", "still", "never",
    };

    /// <summary>Verbs conjugated after "and"/"then" in the same action.</summary>
    public static readonly IReadOnlySet<string> CommonVerbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "arrive", "ask", "attack", "be", "bow", "call", "carry", "cast", "charge", "check", "climb", "close", "come", "cry", "dash", "dig",
        "draw", "drink", "drop", "eat", "enter", "examine", "fight", "find", "flee", "follow", "give", "go", "grab", "greet",
        "have", "hide", "hit", "hold", "hurry", "inspect", "jump", "keep", "kick", "kill", "knock", "laugh", "lead", "leave",
        "lift", "light", "listen", "look", "make", "move", "nod", "open", "pick", "pray", "pull", "push", "put", "read",
        "reach", "rest", "return", "run", "say", "search", "see", "shout", "sit", "sleep", "slip", "smile", "sneak", "stand",
        "start", "step", "strike", "study", "swing", "take", "talk", "tell", "throw", "touch", "try", "tuck", "turn", "use",
        "wait", "walk", "watch", "wave", "whisper", "yell",
    };

    /// <summary><paramref name="text"/> in the third person with <paramref name="name"/> as its first subject.</summary>
    public static string Rewrite(string text, string name)
    {
        var words = Word().Matches(text);
        var firstWord = words.Count > 0 ? words[0].Value : string.Empty;
        var bareVerb = IsBareVerbPhrase(text);
        var state = new State(name, named: firstWord.Equals(name, StringComparison.Ordinal));
        var result = new StringBuilder(text.Length + name.Length + 8);
        if (bareVerb)
        {
            result.Append(name).Append(' ');
            state.Named = true;
            state.ConjugateNext = true;
        }

        var inQuote = false;
        var position = 0;
        var tokens = AnyToken().Matches(text);
        for (var t = 0; t < tokens.Count; t++)
        {
            var m = tokens[t];
            var following = t + 1 < tokens.Count ? tokens[t + 1].Value : string.Empty;
            result.Append(text, position, m.Index - position);
            position = m.Index + m.Length;
            if (m.Value is "\"" or "“" or "”")
            {
                inQuote = m.Value switch { "“" => true, "”" => false, _ => !inQuote };
                result.Append(m.Value);
                continue;
            }

            result.Append(inQuote ? m.Value : state.Next(m.Value, following, text, m.Index));
        }

        result.Append(text, position, text.Length - position);
        return result.ToString();
    }

    /// <summary>
    /// Whether <paramref name="text"/> is an order to the character ("open the door"), not a sentence with a
    /// subject ("Bob waves", "I wave") or a noun phrase ("the sword is mine").
    /// </summary>
    public static bool IsBareVerbPhrase(string text)
    {
        var words = Word().Matches(text);
        var firstWord = words.Count > 0 ? words[0].Value : string.Empty;
        return firstWord.Length > 0 && char.IsLower(firstWord[0]) && !Determiners.Contains(firstWord)
            && !IsPronoun(firstWord) && !text.TrimStart().StartsWith('"');
    }

    /// <summary>The third person singular of a base-form verb: "open" → "opens", "try" → "tries", "go" → "goes".</summary>
    public static string Conjugate(string verb)
    {
        var lower = verb.ToLowerInvariant();
        var conjugated = lower switch
        {
            "am" or "are" or "be" => "is",
            "were" => "was",
            "have" => "has",
            "do" => "does",
            "go" => "goes",
            _ when Modals.Contains(lower) => lower,
            _ when lower.EndsWith('s') || lower.EndsWith('x') || lower.EndsWith('z') || lower.EndsWith('o')
                || lower.EndsWith("ch", StringComparison.Ordinal) || lower.EndsWith("sh", StringComparison.Ordinal) => lower + "es",
            _ when lower.Length > 1 && lower[^1] == 'y' && !"aeiou".Contains(lower[^2], StringComparison.Ordinal) => lower[..^1] + "ies",
            _ => lower + "s",
        };
        return char.IsUpper(verb[0]) ? Capitalize(conjugated) : conjugated;
    }

    static bool IsPronoun(string word) => word.ToLowerInvariant().Replace('’', '\'') is "i" or "you" or "me"
        or "i'm" or "i've" or "i'll" or "i'd" or "you're" or "you've" or "you'll" or "you'd";

    static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    static bool AtSentenceStart(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or '…';
    }

    static bool AfterComma(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        return i >= 0 && text[i] is ',' or ';' or ':';
    }

    sealed class State(string name, bool named)
    {
        string _previous = string.Empty;
        bool _conjugatedOnce;
        bool _maybeVerb;

        public bool Named { get; set; } = named;

        public bool ConjugateNext { get; set; }

        public string Next(string word, string following, string whole, int index)
        {
            var replaced = Replace(word, following, whole, index);
            _previous = word;
            return replaced;
        }

        string Replace(string word, string following, string whole, int index)
        {
            var lower = word.ToLowerInvariant().Replace('’', '\'');
            var apostrophe = word.Contains('’', StringComparison.Ordinal) ? "’" : "'";
            var start = AtSentenceStart(whole, index);
            if (ConjugateNext)
            {
                if (lower.Length > 3 && lower.EndsWith("ly", StringComparison.Ordinal))
                {
                    return word;
                }

                ConjugateNext = false;
                _conjugatedOnce = true;
                return Conjugate(word);
            }

            if (_maybeVerb)
            {
                _maybeVerb = false;
                if (CommonVerbs.Contains(lower))
                {
                    return Conjugate(word);
                }
            }

            var subject = lower == "i" || (lower == "you" && (start || AfterComma(whole, index) || SubjectLeads.Contains(_previous)
                || SubjectFollowers.Contains(following) || CommonVerbs.Contains(following)));
            if (subject)
            {
                if (!Named)
                {
                    Named = true;
                    ConjugateNext = true;
                    return name;
                }

                return start ? "They" : "they";
            }

            if (lower is "i'm" or "i've" or "i'll" or "i'd" or "you're" or "you've" or "you'll" or "you'd")
            {
                var tail = lower[(lower.IndexOf('\'', StringComparison.Ordinal) + 1)..];
                if (!Named)
                {
                    Named = true;
                    _conjugatedOnce = true;
                    return name + " " + tail switch { "m" or "re" => "is", "ve" => "has", "ll" => "will", _ => "would" };
                }

                var they = (start ? "They" : "they") + apostrophe;
                return they + (tail == "m" ? "re" : tail);
            }

            if (_conjugatedOnce && lower is "and" or "then" or "but")
            {
                _maybeVerb = true;
            }

            var swapped = lower switch
            {
                "me" or "you" => "them",
                "my" or "your" => "their",
                "mine" or "yours" when _previous.ToLowerInvariant() is "is" or "was" or "are" or "were" or "be" or "of" => "theirs",
                "myself" or "yourself" => "themselves",
                _ => null,
            };
            return swapped is null ? word : start || char.IsUpper(word[0]) && lower != "i" ? Capitalize(swapped) : swapped;
        }
    }

    [GeneratedRegex(@"[\p{L}\p{N}_'’]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"[\p{L}\p{N}_'’]+|[""“”]", RegexOptions.CultureInvariant)]
    private static partial Regex AnyToken();
}
