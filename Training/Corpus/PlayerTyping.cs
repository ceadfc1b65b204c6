using System.Text.RegularExpressions;

namespace AdventureServer.Training.Corpus;

/// <summary>
/// What a player would type for one of the grammar's actions: the grammar writes actions as the story shows them
/// in the second person ("You take the key and put it in your pack."), players type in the first person
/// ("I take the key and put it in my pack.") or just the words they say, and the game's own framing turns that
/// into the action line, so the corpus and the game cannot drift apart.
/// </summary>
internal static partial class PlayerTyping
{
    public static string Of(TurnKind kind, string secondPersonAction)
    {
        if (kind == TurnKind.Say)
        {
            var open = secondPersonAction.IndexOf('"', StringComparison.Ordinal);
            var close = secondPersonAction.LastIndexOf('"');
            return close > open + 1 ? secondPersonAction[(open + 1)..close] : secondPersonAction;
        }

        return SecondPerson().Replace(secondPersonAction, m => m.Value switch
        {
            "You" => "I",
            "you" => "me",
            "Your" => "My",
            "your" => "my",
            "yourself" => "myself",
            _ => m.Value,
        });
    }

    [GeneratedRegex(@"\b(?:You|you|Your|your|yourself)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SecondPerson();
}
