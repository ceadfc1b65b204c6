using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;

namespace AdventureServer.Server.Play;

// Joining, leaving, moderation, deletion and the context view.
public sealed partial class AdventureKeeper
{
    /// <summary>Joins as <paramref name="characterName"/> (blank: no name yet); tells the others.</summary>
    public async Task JoinAsync(Actor actor, Guid adventureId, string? characterName)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (adventure, member, version, _) = await ChangeAsync(adventureId, a => a.Join(actor.UserId, actor.DisplayName, characterName));
        await broadcaster.PresenceAsync(new PresenceUpdate(adventure.Id, member.UserId, member.DisplayName, "Joined"));
        await SendAdventureAsync(adventure, version);
    }

    /// <summary>Leaves for good; the user's connections are detached from the adventure.</summary>
    public async Task LeaveAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var (adventure, _, version, _) = await ChangeAsync(adventureId, a =>
        {
            a.Leave(actor.UserId);
            return true;
        });
        await broadcaster.RemoveAsync(adventureId, presence.DetachUser(actor.UserId), reason: null);
        await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, actor.UserId, actor.DisplayName, "Left"));
        await SendAdventureAsync(adventure, version);
    }

    /// <summary>Kicks (may rejoin) or bans (may not) a user; their connections, on every node, are detached and told why.</summary>
    public async Task RemoveAsync(Actor moderator, Guid adventureId, string userId, bool ban, string? reason)
    {
        ArgumentNullException.ThrowIfNull(moderator);
        ArgumentNullException.ThrowIfNull(userId);
        var (adventure, name, version, _) = await ChangeAsync(adventureId, a =>
        {
            var name = a.FindMember(userId)?.DisplayName ?? userId;
            if (ban)
                a.Ban(moderator, userId);
            else
                a.Kick(moderator, userId);
            return name;
        });
        var what = ban ? "Banned" : "Kicked";
        PlayLog.Moderated(logger, moderator.UserId, what, userId, adventureId);
        var why = string.IsNullOrWhiteSpace(reason) ? string.Empty : $" ({reason.Trim()})";
        await broadcaster.RemoveAsync(adventureId, presence.DetachUser(userId),
            ban ? $"Banned: You were banned from this adventure{why}." : $"Kicked: You were removed from this adventure{why}; you may join again.");
        await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, userId, name, what));
        await SendAdventureAsync(adventure, version);
    }

    /// <summary>
    /// Deletes the adventure for good (its host only, not while it is being written). Every member's
    /// connections are detached, and the others are told why.
    /// </summary>
    public async Task DeleteAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var adventure = await LoadAsync(adventureId);
        Refusal.ThrowIfAny(adventure.CanDelete(actor));
        await repository.DeleteAsync(adventureId);

        PlayLog.Deleted(logger, actor.UserId, adventureId);
        lastPrompts.Forget(adventureId);
        foreach (var member in adventure.Members)
            await broadcaster.RemoveAsync(adventureId, presence.DetachUser(member.UserId),
                member.UserId == actor.UserId ? null : "Deleted: The host deleted this adventure.");
    }

    /// <summary>
    /// The last turn's prompt, taken apart (host or game master only); refused with <c>NotFound</c> when no turn was
    /// written since the adventure's node started.
    /// </summary>
    public async Task<ContextView> ContextAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var adventure = await LoadAsync(adventureId);
        Refusal.ThrowIfAny(adventure.CanModerate(actor));
        var last = lastPrompts.Find(adventureId)
            ?? throw new GameRuleException(RuleReason.NotFound, "No turn has been written since the server started; act or retry first.");
        var b = last.Breakdown(new GeneratorTokenCounter(generator));
        return new ContextView(
            adventureId,
            last.BuiltAt,
            b.Prompt,
            b.TokenCount,
            b.Budget,
            new ContextPartView(b.Memory.Text, b.Memory.Tokens),
            b.Cards.Select(c => new ContextCardView(c.Title, c.Key, c.Text, c.Tokens)).ToArray(),
            new ContextPartView(b.AuthorsNote.Text, b.AuthorsNote.Tokens),
            new ContextPartView(b.Story.Text, b.Story.Tokens),
            b.BlocksLeftOut,
            b.FirstBlockCut);
    }
}
