namespace AdventureServer.Game.Adventures;

/// <summary>Who issues a command.</summary>
/// <param name="UserId">The caller's user id.</param>
/// <param name="DisplayName">The caller's display name (written into the action blocks they author).</param>
/// <param name="IsGameMaster">
/// A server game master: needs no membership, is never muted or out of turn, and may moderate any
/// adventure. Still refused while a continuation is being written: that lock protects the text, not a role.
/// </param>
public sealed record Actor(string UserId, string DisplayName, bool IsGameMaster = false);
