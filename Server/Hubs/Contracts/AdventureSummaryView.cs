namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>One line of "my adventures".</summary>
/// <param name="Id">The adventure's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="JoinCode">Its join code.</param>
/// <param name="Role">The caller's role in it: <c>Host</c> or <c>Player</c>.</param>
/// <param name="MemberCount">How many members it has.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record AdventureSummaryView(Guid Id, string Title, string JoinCode, string Role, int MemberCount, DateTimeOffset UpdatedAt);
