namespace AdventureServer.Server.Play;

/// <summary>What a <see cref="RateLimits"/> partition counts; each has its own per-minute limit in the settings.</summary>
public enum LimitKind
{
    /// <summary>Hub calls of an account (<see cref="GameOptions.InvocationsPerMinute"/>).</summary>
    HubCalls,

    /// <summary>Accepted actions of an account (<see cref="GameOptions.ActionsPerMinute"/>).</summary>
    Actions,

    /// <summary>HTTP API requests of a key (<c>Api:RequestsPerMinute</c>).</summary>
    ApiRequests,

    /// <summary>HTTP API tokens of a key (<c>Api:TokensPerMinute</c>).</summary>
    ApiTokens,
}
