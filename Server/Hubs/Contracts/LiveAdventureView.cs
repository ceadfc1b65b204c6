namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>An adventure that is being played now (someone is connected or a continuation is being written), for game masters.</summary>
/// <param name="Id">The adventure's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="JoinCode">Its join code.</param>
/// <param name="Members">Its members, with who is connected.</param>
/// <param name="WritingBlockId">The continuation being written, or null.</param>
public sealed record LiveAdventureView(Guid Id, string Title, string JoinCode, IReadOnlyList<MemberView> Members, Guid? WritingBlockId);
