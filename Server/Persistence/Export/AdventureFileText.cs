namespace AdventureServer.Server.Persistence.Export;

/// <summary>One version of a block's text and how its writing ended (<c>Done</c>, <c>Cancelled</c>, <c>Failed</c>, <c>Interrupted</c>).</summary>
public sealed record AdventureFileText
{
    public required string Text { get; init; }

    public string State { get; init; } = "Done";
}
