using AdventureServer.Game.Adventures;

namespace AdventureServer.Server.Persistence;

/// <summary>One line of a user's adventure list.</summary>
public sealed record AdventureSummary(Guid Id, string Title, string JoinCode, MemberRole Role, int MemberCount, DateTimeOffset UpdatedAt);
