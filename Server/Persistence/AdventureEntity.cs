namespace AdventureServer.Server.Persistence;

/// <summary>
/// An adventure's row. The aggregate's small collections (settings, banned words, cards, moderation
/// lists, redo stack) are JSON columns: they are read and written with the adventure, never queried.
/// Members and blocks have their own tables: members are queried by user, and blocks are written one at
/// a time while a continuation streams.
/// </summary>
public sealed class AdventureEntity
{
    public Guid Id { get; set; }

    public string Title { get; set; } = string.Empty;

    public string JoinCode { get; set; } = string.Empty;

    public string HostId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string TurnPolicy { get; set; } = string.Empty;

    public int PartyCap { get; set; }

    public string? LastActorId { get; set; }

    public string Memory { get; set; } = string.Empty;

    public string AuthorsNote { get; set; } = string.Empty;

    /// <summary>How actions are framed: <c>Second</c> ("> You ...") or <c>Third</c> ("> Mira ...").</summary>
    public string ActionPerson { get; set; } = "Second";

    public string SettingsJson { get; set; } = "{}";

    public string BannedWordsJson { get; set; } = "[]";

    public string MutedJson { get; set; } = "[]";

    public string BannedJson { get; set; } = "[]";

    public string StoryCardsJson { get; set; } = "[]";

    public string RedoStackJson { get; set; } = """{"steps":[],"erasesOnTop":0}""";

    /// <summary>Optimistic concurrency token: incremented on every save that changes the adventure or its children.</summary>
    public long Version { get; set; }

    public List<MemberEntity> Members { get; set; } = [];

    public List<BlockEntity> Blocks { get; set; } = [];
}
