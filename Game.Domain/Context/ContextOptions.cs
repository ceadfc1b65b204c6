namespace AdventureServer.Game.Context;

/// <summary>Where the context builder looks for story-card keys and puts the author's note.</summary>
public sealed record ContextOptions
{
    /// <summary>The defaults: cards triggered by the last 4 blocks, the note 3 blocks before the end.</summary>
    public static ContextOptions Default { get; } = new();

    /// <summary>How many of the newest blocks are searched for story-card keys.</summary>
    public int CardScanDepth { get; init; } = 4;

    /// <summary>How many blocks follow the story cards and the author's note.</summary>
    public int AuthorsNoteDepth { get; init; } = 3;

    /// <summary>How the author's note is written into the prompt; <c>{0}</c> is the note.</summary>
    public string AuthorsNoteFormat { get; init; } = "[Author's note: {0}]";
}
