namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>Someone joined, left, connected to or disconnected from an adventure.</summary>
/// <param name="AdventureId">The adventure.</param>
/// <param name="UserId">Who.</param>
/// <param name="DisplayName">Their display name.</param>
/// <param name="Status"><c>Joined</c>, <c>Left</c>, <c>Connected</c>, <c>Disconnected</c>, <c>Kicked</c> or <c>Banned</c>.</param>
public sealed record PresenceUpdate(Guid AdventureId, string UserId, string DisplayName, string Status);
