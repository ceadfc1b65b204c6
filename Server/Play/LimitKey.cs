namespace AdventureServer.Server.Play;

/// <summary>A partition of <see cref="RateLimits"/>: what is counted, for whom (an account id or an API key id).</summary>
public readonly record struct LimitKey(LimitKind Kind, string Id);
