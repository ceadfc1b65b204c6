namespace AdventureServer.Server.Accounts;

/// <summary>What <see cref="AccountCheck"/> compares a token with: the account's stamp, lock and roles now.</summary>
public sealed record AccountState(string? SecurityStamp, bool Locked, IReadOnlySet<string> Roles);
