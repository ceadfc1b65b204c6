namespace AdventureServer.Training.Corpus;

/// <summary>A named person of a setting, e.g. "Mira" and "the blacksmith".</summary>
internal sealed record Character(string Name, string Role);
