namespace AdventureServer.Server.Persistence.Export;

/// <summary>An exported member: the names only (accounts belong to the server the file came from).</summary>
public sealed record AdventureFileMember
{
    public required string DisplayName { get; init; }

    /// <summary><c>Host</c> or <c>Player</c>.</summary>
    public string Role { get; init; } = "Player";

    public string? CharacterName { get; init; }
}
