namespace AdventureServer.Server.Api.Keys;

/// <summary>An API key as shown after its creation: never the secret, only its prefix.</summary>
/// <param name="Id">The key's id (for <c>apikey revoke</c>).</param>
/// <param name="UserName">The owning account's user name.</param>
/// <param name="Name">The owner's label for the key.</param>
/// <param name="Prefix">The first characters of the secret.</param>
/// <param name="CreatedUtc">When it was created.</param>
/// <param name="RevokedUtc">When it was revoked, or null while it works.</param>
public sealed record ApiKeySummary(int Id, string UserName, string Name, string Prefix, DateTime CreatedUtc, DateTime? RevokedUtc)
{
    public bool IsRevoked => RevokedUtc is not null;
}
