namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A user banned from an adventure (sent to game masters), named as they were when banned.</summary>
public sealed record BannedUserView(string UserId, string DisplayName);
