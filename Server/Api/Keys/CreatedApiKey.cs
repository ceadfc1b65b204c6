namespace AdventureServer.Server.Api.Keys;

/// <summary>A key just created: the only time its <paramref name="Secret"/> is known to the server.</summary>
/// <param name="Summary">The stored key.</param>
/// <param name="Secret">The key to send as <c>Authorization: Bearer …</c>; shown once.</param>
public sealed record CreatedApiKey(ApiKeySummary Summary, string Secret);
