namespace AdventureServer.Training.Corpus;

/// <summary>
/// The vocabulary of one kind of world. Openings may use {hero}, {place}, {name}, {role} and {thing};
/// every other list holds plain phrases.
/// </summary>
internal sealed record Setting(
    string Name,
    string[] Heroes,
    string[] Openings,
    string[] Places,
    Thing[] Things,
    Character[] Characters,
    string[] Atmosphere,
    string[] Loot,
    string[] Spells,
    string[] Weapons);
