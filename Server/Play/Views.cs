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
            adventure.BannedWords.ToArray());
    }

    /// <summary>The story's visible blocks, for <see cref="StoryUpdate"/>.</summary>
    /// <summary>The attempt a block in state Writing is being written as: its shown alternative's number, from 1.</summary>
    public static int Attempt(StoryBlock block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return block.Shown + 1;
    }

    public static StoryUpdate Story(Adventure adventure, long version) =>
        new(adventure.Id, version, Blocks(adventure, includeHidden: false), adventure.NextActorId, adventure.CanRedoAnything);

    public static IReadOnlyList<MemberView> Members(Adventure adventure, IReadOnlySet<string> connected) =>
        adventure.Members.Select(m => new MemberView(m.UserId, m.DisplayName, m.Role.ToString(), connected.Contains(m.UserId),
            adventure.Muted.Contains(m.UserId))).ToArray();

    public static IReadOnlyList<BlockView> Blocks(Adventure adventure, bool includeHidden) =>
        (includeHidden ? adventure.Blocks : adventure.VisibleBlocks).Select(Block).ToArray();

    public static BlockView Block(StoryBlock b) =>
        new(b.Id, b.Type.ToString(), b.AuthorId, b.AuthorName, b.Kind?.ToString(), b.Text, b.State.ToString(),
            b.Shown, b.Alternatives.Count, b.History.Count > 0, b.Hidden);

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
            StopSequences = s.StopSequences ?? [],
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
