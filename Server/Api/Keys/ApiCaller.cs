namespace AdventureServer.Server.Api.Keys;

/// <summary>Whom an API request came from: a working key and its account.</summary>
/// <param name="KeyId">The key's id; the worker's fairness key is <c>api:{KeyId}</c>.</param>
/// <param name="AccountId">The owning account's id.</param>
public sealed record ApiCaller(int KeyId, string AccountId)
{
    /// <summary>The worker's fairness key for this caller's requests.</summary>
    public string FairnessKey => "api:" + KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
