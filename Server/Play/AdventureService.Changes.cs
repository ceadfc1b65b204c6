using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

// Changes that do not start a continuation: story edits, settings and moderation.
public sealed partial class AdventureService
{
    /// <summary>Applies a change to the story's blocks (undo, redo, edit, erase, alternative), saves it and sends the new story.</summary>
    public async Task<T> UpdateStoryAsync<T>(Guid adventureId, Func<Adventure, T> change)
    {
        var (adventure, result, version, changed) = await ChangeAsync(adventureId, change);
        await broadcaster.StoryChangedAsync(adventure, version, changed);
        return result;
    }

    /// <summary>Applies a change to the adventure's settings or members, saves it and sends the new view.</summary>
    public async Task<T> UpdateAdventureAsync<T>(Guid adventureId, Func<Adventure, T> change)
    {
        var (adventure, result, version, _) = await ChangeAsync(adventureId, change);
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventureId)), version);
        return result;
    }

    /// <summary>Kicks (may rejoin) or bans (may not) a user; their connections are detached and told why.</summary>
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
        await broadcaster.RemoveAsync(adventureId, userId,
            ban ? $"Banned: You were banned from this adventure{why}." : $"Kicked: You were removed from this adventure{why}; you may join again.");
        await broadcaster.PresenceAsync(new PresenceUpdate(adventureId, userId, name, what));
        await broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventureId)), version);
    }

    /// <summary>
    /// Deletes the adventure for good (its host only, not while it is being written). Every member's
    /// connections are detached, and the others are told why.
    /// </summary>
    public async Task DeleteAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Adventure adventure;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var repo = scope.ServiceProvider.GetRequiredService<AdventureRepository>();
            adventure = await repo.LoadAsync(adventureId)
                ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");
            Refusal.ThrowIfAny(adventure.CanDelete(actor));
            await repo.DeleteAsync(adventureId);
        }

        PlayLog.Deleted(logger, actor.UserId, adventureId);
        lastPrompts.Forget(adventureId);
        foreach (var member in adventure.Members)
            await broadcaster.RemoveAsync(adventureId, member.UserId,
                member.UserId == actor.UserId ? null : "Deleted: The host deleted this adventure.");
    }

    /// <summary>
    /// Loads the adventure in a fresh scope, applies <paramref name="change"/> and saves. A save that loses a
    /// race is retried once on fresh data; a second loss reaches the caller as <see cref="ConcurrencyConflictException"/>.
    /// Returns the version the change was stored as (see <see cref="StoryVersions"/>), which its broadcast carries,
    /// and the positions of the blocks it added or changed (blocks are immutable: a changed one is a new object).
    /// </summary>
    async Task<(Adventure Adventure, T Result, long Version, IReadOnlyList<int> Changed)> ChangeAsync<T>(Guid adventureId, Func<Adventure, T> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var repo = scope.ServiceProvider.GetRequiredService<AdventureRepository>();
            var adventure = await repo.LoadAsync(adventureId)
                ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");
            var before = adventure.Blocks.ToArray();
            var result = change(adventure);
            try
            {
                var version = await versions.CommitAsync(adventureId, () => repo.SaveAsync(adventure));
                var changed = Enumerable.Range(0, adventure.Blocks.Count)
                    .Where(i => i >= before.Length || !ReferenceEquals(before[i], adventure.Blocks[i]))
                    .ToArray();
                return (adventure, result, version, changed);
            }
            catch (ConcurrencyConflictException) when (attempt == 0)
            {
                PlayLog.ConcurrencyRetry(logger, adventureId);
            }
        }
    }
}
