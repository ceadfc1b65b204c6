using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Adventures;

/// <summary>
/// Everything an <see cref="Adventure"/> holds, as plain data: what storage and export write and
/// <see cref="Adventure.Restore"/> reads back. Blocks are in story order, hidden ones included.
/// </summary>
public sealed record AdventureSnapshot(
    Guid Id,
    string Title,
    string JoinCode,
    string HostId,
    DateTimeOffset CreatedAt,
    TurnPolicy TurnPolicy,
    int PartyCap,
    IReadOnlyList<Member> Members,
    IReadOnlyList<string> Muted,
    IReadOnlyList<string> Banned,
    IReadOnlyList<string> BannedWords,
    GenerationSettings Settings,
    string Memory,
    string AuthorsNote,
    IReadOnlyList<StoryCard> StoryCards,
    IReadOnlyList<StoryBlock> Blocks,
    IReadOnlyList<IReadOnlyList<Guid>> RedoStack,
    string? LastActorId)
{
    /// <summary>How actions are framed; second person unless the host chose the third.</summary>
    public ActionPerson ActionPerson { get; init; } = ActionPerson.Second;

    /// <summary>The display names the <see cref="Banned"/> users had when they were banned, by user id (an id without one shows as itself).</summary>
    public IReadOnlyDictionary<string, string> BannedNames { get; init; } = new Dictionary<string, string>();

    /// <summary>How many of the <see cref="RedoStack"/>'s top steps are erases ("erase to here") that an undo takes back, newest last.</summary>
    public int ErasesOnTop { get; init; }
}
