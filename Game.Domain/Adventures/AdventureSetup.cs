using AdventureServer.Game.Settings;

namespace AdventureServer.Game.Adventures;

/// <summary>What a host chooses when creating an adventure.</summary>
/// <param name="Title">The adventure's title.</param>
/// <param name="ScenarioPrompt">The opening text, with <c>${placeholders}</c>.</param>
public sealed record AdventureSetup(string Title, string ScenarioPrompt)
{
    /// <summary>Values for the scenario's placeholders, by name (e.g. "character name").</summary>
    public IReadOnlyDictionary<string, string> Placeholders { get; init; } = new Dictionary<string, string>();

    /// <summary>Who may act next.</summary>
    public TurnPolicy TurnPolicy { get; init; } = TurnPolicy.FreeForAll;

    /// <summary>Most members; null means the server's default.</summary>
    public int? PartyCap { get; init; }

    /// <summary>Generation settings; null means the defaults.</summary>
    public GenerationSettings? Settings { get; init; }

    /// <summary>Pinned facts, always at the top of the prompt.</summary>
    public string Memory { get; init; } = string.Empty;

    /// <summary>Steering text inserted a few blocks before the end of the prompt.</summary>
    public string AuthorsNote { get; init; } = string.Empty;

    /// <summary>How actions are framed: the second person (single player) unless the host picks the third (party).</summary>
    public ActionPerson ActionPerson { get; init; } = ActionPerson.Second;
}
