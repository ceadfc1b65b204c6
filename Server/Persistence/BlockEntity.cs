namespace AdventureServer.Server.Persistence;

/// <summary>A story block's row. <see cref="State"/> repeats the shown alternative's state so unfinished blocks can be found.</summary>
public sealed class BlockEntity
{
    public Guid Id { get; set; }

    public Guid AdventureId { get; set; }

    public int Position { get; set; }

    public string Type { get; set; } = string.Empty;

    public string? AuthorId { get; set; }

    public string? AuthorName { get; set; }

    public string? Kind { get; set; }

    public string TypedText { get; set; } = string.Empty;

    public string AlternativesJson { get; set; } = "[]";

    public int Shown { get; set; }

    public string HistoryJson { get; set; } = "[]";

    public bool Hidden { get; set; }

    public string State { get; set; } = string.Empty;

    /// <summary>Optimistic concurrency token: incremented on every change to the block.</summary>
    public long Version { get; set; }
}
