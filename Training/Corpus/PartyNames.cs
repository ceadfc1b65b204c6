namespace AdventureServer.Training.Corpus;

/// <summary>Names of party members: none is a cast member's name in any setting, so "who acts" is never ambiguous.</summary>
internal static class PartyNames
{
    public static readonly string[] All =
    [
        "Ansel", "Bryn", "Corin", "Dara", "Edric", "Faye", "Halden", "Isolde", "Jory", "Kestrel", "Lira", "Maren",
        "Niall", "Orla", "Pell", "Quinn", "Corvin", "Selka", "Tobiah", "Wren",
    ];
}
