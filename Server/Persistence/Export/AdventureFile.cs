namespace AdventureServer.Server.Persistence.Export;

/// <summary>
/// An exported adventure: the file <c>GET /api/adventures/{id}/export</c> and the <c>export</c> verb write and
/// import reads. Its own versioned record, written field by field from the domain, so a change to the domain's
/// snapshot never changes the file silently: a change here raises <see cref="CurrentVersion"/>.
/// Ids and moderation lists are left out; blocks refer to each other by their index in <see cref="Blocks"/>.
/// </summary>
public sealed record AdventureFile
{
    /// <summary>The version written, and the only one read.</summary>
    public const int CurrentVersion = 1;

    /// <summary>What kind of file this is, so a stray JSON file is told apart: always <see cref="Kind"/>.</summary>
    public const string Kind = "adventure-server/adventure";

    /// <summary>Always <see cref="Kind"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The file format's version (<see cref="CurrentVersion"/>).</summary>
    public required int FormatVersion { get; init; }

    /// <summary>When the file was written.</summary>
    public DateTimeOffset ExportedAt { get; init; }

    public required string Title { get; init; }

    /// <summary><c>FreeForAll</c> or <c>RoundRobin</c>.</summary>
    public string TurnPolicy { get; init; } = "FreeForAll";

    public int PartyCap { get; init; } = 8;

    /// <summary><c>Second</c> or <c>Third</c>.</summary>
    public string ActionPerson { get; init; } = "Second";

    public required AdventureFileSettings Settings { get; init; }

    public string Memory { get; init; } = string.Empty;

    public string AuthorsNote { get; init; } = string.Empty;

    public IReadOnlyList<string> BannedWords { get; init; } = [];

    public IReadOnlyList<AdventureFileCard> Cards { get; init; } = [];

    /// <summary>The members at export, host first; an import keeps the host's character name for the importer.</summary>
    public IReadOnlyList<AdventureFileMember> Members { get; init; } = [];

    /// <summary>Every block in story order, hidden ones included.</summary>
    public required IReadOnlyList<AdventureFileBlock> Blocks { get; init; }

    /// <summary>What redo would show again, oldest step first; each step lists indices into <see cref="Blocks"/>.</summary>
    public IReadOnlyList<IReadOnlyList<int>> RedoStack { get; init; } = [];

    /// <summary>How many of the redo stack's newest steps were "erase to here": undo takes those back first.</summary>
    public int ErasesOnTop { get; init; }
}
