namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// An adventure as a member (or a watching game master) sees it. <see cref="Live"/> is the continuation
/// being written, with its attempt, the text streamed so far and the sequence number of its last delta: the client
/// shows that text and then applies only deltas with a higher sequence number.
/// </summary>
/// <param name="Id">The adventure's id.</param>
/// <param name="Version">
/// The adventure's version when this was read; it only grows. Drop a view or <see cref="StoryUpdate"/> whose
/// version is lower than the newest you applied: it was overtaken by a later change.
/// </param>
/// <param name="Title">Its title.</param>
/// <param name="JoinCode">The code other players type to join.</param>
/// <param name="HostId">The host's user id (the host changes settings and moderates).</param>
/// <param name="TurnPolicy"><c>FreeForAll</c> or <c>RoundRobin</c>.</param>
/// <param name="PartyCap">Most members.</param>
/// <param name="Members">The members in join order, with who is connected now.</param>
/// <param name="Blocks">The visible story blocks in order (game masters also get hidden ones, flagged).</param>
/// <param name="Live">The continuation being written, or null when the story is idle.</param>
/// <param name="NextActorId">Whose turn it is under round-robin; null when anyone may act.</param>
/// <param name="CanRedo">True when something can be redone.</param>
/// <param name="Settings">The generation settings.</param>
/// <param name="Memory">Pinned facts at the top of every prompt.</param>
/// <param name="AuthorsNote">Steering text near the end of the prompt.</param>
/// <param name="StoryCards">The story cards (world info).</param>
/// <param name="BannedWords">Words an action may not contain.</param>
public sealed record AdventureView(
    Guid Id,
    long Version,
    string Title,
    string JoinCode,
    string HostId,
    string TurnPolicy,
    int PartyCap,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<BlockView> Blocks,
    LiveBlockView? Live,
    string? NextActorId,
    bool CanRedo,
    SettingsView Settings,
    string Memory,
    string AuthorsNote,
    IReadOnlyList<StoryCardView> StoryCards,
    IReadOnlyList<string> BannedWords)
{
    /// <summary>The banned users with the names they had when banned: game masters' views only (empty for players).</summary>
    public IReadOnlyList<BannedUserView> Banned { get; init; } = [];

    /// <summary>How actions are framed: <c>Second</c> ("> You ...") or <c>Third</c> ("> Mira ...", each member as their character).</summary>
    public string ActionPerson { get; init; } = nameof(Game.Settings.ActionPerson.Second);
}
