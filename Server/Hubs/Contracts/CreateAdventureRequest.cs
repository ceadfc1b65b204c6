namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>What a host sends to start an adventure from a scenario.</summary>
/// <param name="Title">The adventure's title.</param>
/// <param name="ScenarioPrompt">The opening text, with <c>${placeholders}</c>.</param>
/// <param name="Placeholders">A value for each placeholder, by name (e.g. <c>"character name": "Ada"</c>).</param>
/// <param name="TurnPolicy"><c>FreeForAll</c> (default) or <c>RoundRobin</c>.</param>
/// <param name="PartyCap">Most members; null for the server's default.</param>
/// <param name="Settings">Generation settings; null for the defaults.</param>
/// <param name="Memory">Pinned facts.</param>
/// <param name="AuthorsNote">Steering text.</param>
/// <param name="ActionPerson"><c>Second</c> (default: "> You open the door.") or <c>Third</c> (a party: "> Mira opens the door.").</param>
/// <param name="CharacterName">The host's character name in a third-person story; null for none yet.</param>
public sealed record CreateAdventureRequest(
    string Title,
    string ScenarioPrompt,
    IReadOnlyDictionary<string, string>? Placeholders = null,
    string? TurnPolicy = null,
    int? PartyCap = null,
    SettingsView? Settings = null,
    string? Memory = null,
    string? AuthorsNote = null,
    string? ActionPerson = null,
    string? CharacterName = null);
