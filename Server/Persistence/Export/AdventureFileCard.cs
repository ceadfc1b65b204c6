namespace AdventureServer.Server.Persistence.Export;

/// <summary>An exported story card.</summary>
public sealed record AdventureFileCard
{
    public required string Title { get; init; }

    public IReadOnlyList<string> Keys { get; init; } = [];

    public required string Text { get; init; }

    public bool Enabled { get; init; } = true;
}
