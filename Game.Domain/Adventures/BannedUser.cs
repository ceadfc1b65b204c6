namespace AdventureServer.Game.Adventures;

/// <summary>A user banned from an adventure, with the display name they had when the ban was made.</summary>
public sealed record BannedUser(string UserId, string DisplayName);
