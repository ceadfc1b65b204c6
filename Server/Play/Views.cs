using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

/// <summary>Maps the domain to the hubs' contract records.</summary>
public static class Views
{
    /// <summary>The adventure as its members see it; <paramref name="includeHidden"/> for game masters.</summary>
    public static AdventureView Adventure(Adventure adventure, long version, IReadOnlySet<string> connected, LiveBlockView? live, bool includeHidden = false)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        var writing = adventure.WritingBlock;
        // The live text only belongs to the view while the stored block is still being written.
        var liveView = live is not null && writing is not null && writing.Id == live.BlockId && writing.Shown + 1 == live.Attempt ? live : null;
        return new AdventureView(
            adventure.Id,
            version,
            adventure.Title,
            adventure.JoinCode,
            adventure.HostId,
            adventure.TurnPolicy.ToString(),
            adventure.PartyCap,
            Members(adventure, connected),
            Blocks(adventure, includeHidden),
            liveView,
            adventure.NextActorId,
            adventure.CanRedoAnything,
            Settings(adventure.Settings),
            adventure.Memory,
            adventure.AuthorsNote,
            adventure.StoryCards.Select(Card).ToArray(),
            adventure.BannedWords.ToArray())
        {
            Banned = includeHidden ? adventure.BannedUsers.Select(b => new BannedUserView(b.UserId, b.DisplayName)).ToArray() : [],
            ActionPerson = adventure.ActionPerson.ToString(),
        };
    }

    /// <summary>The attempt a block in state Writing is being written as: its shown alternative's number, from 1.</summary>
    public static int Attempt(StoryBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return block.Shown + 1;
    }

    /// <summary>
    /// The blocks at <paramref name="changed"/> positions as a <see cref="StoryUpdate"/>: players get the
    /// visible ones and the ids of the hidden ones to take out; game masters (<paramref name="includeHidden"/>) get all.
    /// </summary>
    public static StoryUpdate Story(Adventure adventure, long version, IReadOnlyList<int> changed, bool includeHidden)
    {
        ArgumentNullException.ThrowIfNull(adventure);
        ArgumentNullException.ThrowIfNull(changed);
        var blocks = changed.Select(p => (Position: p, Block: adventure.Blocks[p])).ToArray();
        return new StoryUpdate(
            adventure.Id,
            version,
            blocks.Where(b => includeHidden || !b.Block.Hidden).Select(b => Block(b.Block, b.Position)).ToArray(),
            includeHidden ? [] : blocks.Where(b => b.Block.Hidden).Select(b => b.Block.Id).ToArray(),
            adventure.NextActorId,
            adventure.CanRedoAnything);
    }

    public static IReadOnlyList<MemberView> Members(Adventure adventure, IReadOnlySet<string> connected) =>
        adventure.Members.Select(m => new MemberView(m.UserId, m.DisplayName, m.Role.ToString(), connected.Contains(m.UserId),
            adventure.Muted.Contains(m.UserId)) { CharacterName = m.CharacterName }).ToArray();

    public static IReadOnlyList<BlockView> Blocks(Adventure adventure, bool includeHidden) =>
        adventure.Blocks.Select((b, position) => (b, position)).Where(x => includeHidden || !x.b.Hidden).Select(x => Block(x.b, x.position)).ToArray();

    public static BlockView Block(StoryBlock b, int position)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new(b.Id, b.Type.ToString(), b.AuthorId, b.AuthorName, b.Kind?.ToString(), b.Text, b.State.ToString(),
            b.Shown, b.Alternatives.Count, b.History.Count > 0, b.Hidden, position);
    }

    public static SettingsView Settings(GenerationSettings s) =>
        new(s.Temperature, s.TopK, s.TopP, s.RepetitionPenalty, s.MaxNewTokens, s.Seed, s.StopSequences.ToArray());

    public static GenerationSettings Settings(SettingsView s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new GenerationSettings
        {
            Temperature = s.Temperature,
            TopK = s.TopK,
            TopP = s.TopP,
            RepetitionPenalty = s.RepetitionPenalty,
            MaxNewTokens = s.MaxNewTokens,
            Seed = s.Seed,
            StopSequences = HubArguments.Texts(s.StopSequences, "settings"),
        };
    }

    public static StoryCardView Card(StoryCard c) => new(c.Id, c.Title, c.Keys.ToArray(), c.Text, c.Enabled);

    public static LiveBlockView? Live(LiveContinuation? live)
    {
        if (live is null)
            return null;
        var (text, sequence) = live.Snapshot();
        return new LiveBlockView(live.BlockId, live.Attempt, text, sequence);
    }
}
