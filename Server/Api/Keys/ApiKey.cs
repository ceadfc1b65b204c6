namespace AdventureServer.Server.Api.Keys;

/// <summary>
/// An API key of an account, as stored: only the SHA-256 of the secret and its first characters (to tell keys
/// apart in a list) are kept, so a leaked database does not leak working keys.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    /// <summary>The owning account's id (<c>AspNetUsers.Id</c>).</summary>
    public required string AccountId { get; set; }

    /// <summary>What the owner calls it ("SillyTavern on the laptop").</summary>
    public string Name { get; set; } = "";

    /// <summary>The first characters of the secret, shown in lists.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole secret.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedUtc { get; set; }

    /// <summary>When it was revoked; a revoked key is refused.</summary>
    public DateTime? RevokedUtc { get; set; }
}
