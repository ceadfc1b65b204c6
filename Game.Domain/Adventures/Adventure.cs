using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Adventures;

/// <summary>
/// An adventure: one shared story, its members and its settings. The aggregate enforces every game
/// rule itself. Each command has a check (<c>CanXyz</c>, returning a <see cref="Refusal"/> or null) and
/// an effect (<c>Xyz</c>) that runs the same check and throws <see cref="GameRuleException"/> on refusal.
/// Not thread-safe: one command at a time (the server loads, changes and saves it per call).
/// </summary>
public sealed partial class Adventure
{
    readonly GameLimits _limits;
    readonly List<Member> _members;
    readonly HashSet<string> _muted;
    readonly Dictionary<string, string> _banned;
    readonly List<string> _bannedWords;
    readonly List<StoryCard> _storyCards;
    readonly List<StoryBlock> _blocks;
    readonly List<IReadOnlyList<Guid>> _redo;
    int _erasesOnTop;

    Adventure(AdventureSnapshot s, GameLimits limits)
    {
        _limits = limits;
        Id = s.Id;
        Title = s.Title;
        JoinCode = s.JoinCode;
        HostId = s.HostId;
        CreatedAt = s.CreatedAt;
        TurnPolicy = s.TurnPolicy;
        PartyCap = s.PartyCap;
        _members = [.. s.Members];
        _muted = new HashSet<string>(s.Muted, StringComparer.Ordinal);
        _banned = s.Banned.ToDictionary(id => id, id => s.BannedNames.GetValueOrDefault(id, id), StringComparer.Ordinal);
        _bannedWords = [.. s.BannedWords];
        Settings = s.Settings;
        Memory = s.Memory;
        AuthorsNote = s.AuthorsNote;
        _storyCards = [.. s.StoryCards];
        _blocks = [.. s.Blocks];
        _redo = [.. s.RedoStack];
        _erasesOnTop = Math.Clamp(s.ErasesOnTop, 0, _redo.Count);
        LastActorId = s.LastActorId;
        ActionPerson = s.ActionPerson;
    }

    /// <summary>The adventure's id.</summary>
    public Guid Id { get; }

    /// <summary>The adventure's title.</summary>
    public string Title { get; private set; }

    /// <summary>The code players type to join.</summary>
    public string JoinCode { get; private set; }

    /// <summary>The host's user id.</summary>
    public string HostId { get; }

    /// <summary>When the adventure was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Who may act next.</summary>
    public TurnPolicy TurnPolicy { get; private set; }

    /// <summary>Most members.</summary>
    public int PartyCap { get; private set; }

    /// <summary>How the model writes (already clamped to the server's limits).</summary>
    public GenerationSettings Settings { get; private set; }

    /// <summary>Pinned facts, always at the top of the prompt.</summary>
    public string Memory { get; private set; }

    /// <summary>Steering text inserted a few blocks before the end of the prompt.</summary>
    public string AuthorsNote { get; private set; }

    /// <summary>The user id of the member who acted last (for round-robin).</summary>
    public string? LastActorId { get; private set; }

    /// <summary>How actions are framed: "> You open..." or "> Mira opens...".</summary>
    public ActionPerson ActionPerson { get; private set; }

    /// <summary>The members in join order.</summary>
    public IReadOnlyList<Member> Members => _members;

    /// <summary>Muted user ids.</summary>
    public IReadOnlyCollection<string> Muted => _muted;

    /// <summary>Banned user ids.</summary>
    public IReadOnlyCollection<string> Banned => _banned.Keys;

    /// <summary>The banned users with the display names they had when they were banned, by name.</summary>
    public IReadOnlyList<BannedUser> BannedUsers =>
        _banned.Select(b => new BannedUser(b.Key, b.Value)).OrderBy(b => b.DisplayName, StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>Words an action may not contain (whole words, any case).</summary>
    public IReadOnlyList<string> BannedWords => _bannedWords;

    /// <summary>The story cards.</summary>
    public IReadOnlyList<StoryCard> StoryCards => _storyCards;

    /// <summary>Every block in story order, hidden ones included.</summary>
    public IReadOnlyList<StoryBlock> Blocks => _blocks;

    /// <summary>The blocks the players see, in story order.</summary>
    public IReadOnlyList<StoryBlock> VisibleBlocks => _blocks.Where(b => !b.Hidden).ToArray();

    /// <summary>True while a continuation is being written.</summary>
    public bool IsBusy => WritingBlock is not null;

    /// <summary>The continuation being written, or null when the story is idle.</summary>
    public StoryBlock? WritingBlock => _blocks.Find(b => !b.Hidden && b.IsWriting);

    /// <summary>The story text the players see.</summary>
    public string StoryText => Story.StoryText.Render(VisibleBlocks);

    /// <summary>True when the redo stack is not empty.</summary>
    public bool CanRedoAnything => _redo.Count > 0;

    /// <summary>
    /// Creates an adventure: fills the scenario's placeholders (a missing value is refused with
    /// <see cref="RuleReason.MissingPlaceholder"/>), writes the opening block, makes the host its first member.
    /// </summary>
    public static Adventure Create(AdventureSetup setup, Actor host, GameLimits limits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(limits);
        Refusal.ThrowIfAny(CheckText(setup.Title, limits.MaxTitleLength, "The title", allowEmpty: false)
            ?? CheckText(setup.Memory, limits.MaxMemoryLength, "The memory", allowEmpty: true)
            ?? CheckText(setup.AuthorsNote, limits.MaxAuthorsNoteLength, "The author's note", allowEmpty: true));
        var opening = ScenarioText.Fill(setup.ScenarioPrompt, setup.Placeholders);
        var blocks = string.IsNullOrWhiteSpace(opening) ? Array.Empty<StoryBlock>() : [StoryBlock.Opening(opening)];
        var snapshot = new AdventureSnapshot(
            Guid.CreateVersion7(now),
            setup.Title.Trim(),
            Text.JoinCode.New(),
            host.UserId,
            now,
            setup.TurnPolicy,
            Math.Clamp(setup.PartyCap ?? limits.DefaultPartyCap, 1, limits.MaxPartyCap),
            [new Member(host.UserId, host.DisplayName, MemberRole.Host)],
            [],
            [],
            [],
            (setup.Settings ?? GenerationSettings.Default).ClampTo(limits),
            setup.Memory,
            setup.AuthorsNote,
            [],
            blocks,
            [],
            null) { ActionPerson = setup.ActionPerson };
        return new Adventure(snapshot, limits);
    }

    /// <summary>Rebuilds an adventure from stored data.</summary>
    public static Adventure Restore(AdventureSnapshot snapshot, GameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(limits);
        return new Adventure(snapshot, limits);
    }

    /// <summary>Everything the adventure holds, as plain data.</summary>
    public AdventureSnapshot ToSnapshot() =>
        new(Id, Title, JoinCode, HostId, CreatedAt, TurnPolicy, PartyCap,
            _members.ToArray(), _muted.Order(StringComparer.Ordinal).ToArray(), _banned.Keys.Order(StringComparer.Ordinal).ToArray(),
            _bannedWords.ToArray(), Settings, Memory, AuthorsNote, _storyCards.ToArray(), _blocks.ToArray(),
            _redo.ToArray(), LastActorId)
        {
            ActionPerson = ActionPerson,
            BannedNames = new Dictionary<string, string>(_banned, StringComparer.Ordinal),
            ErasesOnTop = _erasesOnTop,
        };

    /// <summary>Gives the adventure a new join code (e.g. when storage finds the code taken).</summary>
    public void ChangeJoinCode(string joinCode)
    {
        ArgumentNullException.ThrowIfNull(joinCode);
        if (!Text.JoinCode.IsWellFormed(joinCode))
        {
            throw new ArgumentException("Not a well-formed join code.", nameof(joinCode));
        }

        JoinCode = joinCode;
    }

    /// <summary>The block with this id, hidden or not, or null.</summary>
    public StoryBlock? FindBlock(Guid blockId) => _blocks.Find(b => b.Id == blockId);

    /// <summary>The member with this user id, or null.</summary>
    public Member? FindMember(string userId) => _members.Find(m => m.UserId == userId);

    static Refusal? CheckText(string? text, int maxLength, string what, bool allowEmpty)
    {
        if (text is null || (!allowEmpty && string.IsNullOrWhiteSpace(text)))
        {
            return new Refusal(RuleReason.Empty, $"{what} must not be empty.");
        }

        return text.Length > maxLength
            ? new Refusal(RuleReason.TooLong, $"{what} is too long ({text.Length} characters; at most {maxLength}).")
            : null;
    }

    int IndexOfVisible(Guid blockId) => _blocks.FindIndex(b => b.Id == blockId && !b.Hidden);
}
