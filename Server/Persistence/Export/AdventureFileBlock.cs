namespace AdventureServer.Server.Persistence.Export;

/// <summary>An exported story block with every version of its text.</summary>
public sealed record AdventureFileBlock
{
    /// <summary><c>Opening</c>, <c>Action</c> or <c>Continuation</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Who acted (actions only): their display name at the time.</summary>
    public string? AuthorName { get; init; }

    /// <summary><c>Do</c>, <c>Say</c>, <c>Story</c> or <c>Continue</c> (actions only).</summary>
    public string? Kind { get; init; }

    /// <summary>What the player typed (actions only).</summary>
    public string TypedText { get; init; } = string.Empty;

    /// <summary>The versions of the text (retries of a continuation); an opening or action has one.</summary>
    public required IReadOnlyList<AdventureFileText> Alternatives { get; init; }

    /// <summary>Index of the version shown.</summary>
    public int Shown { get; init; }

    /// <summary>Texts the block had before each edit, oldest first.</summary>
    public IReadOnlyList<string> History { get; init; } = [];

    /// <summary>Hidden by undo or erase (restorable).</summary>
    public bool Hidden { get; init; }
}
