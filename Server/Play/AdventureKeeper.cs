using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play.Grains;
using AdventureServer.Server.Streaming;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>
/// Runs the commands of one adventure inside its grain: load the adventure, ask the aggregate, save, number the
/// version, tell the watchers, and start continuations on the engine. Made for one grain call, with the grain's
/// <see cref="AdventurePresence"/>; each change runs in its own scope so that a save that loses a race can be retried
/// on fresh data.
/// </summary>
public sealed partial class AdventureKeeper(
    AdventurePresence presence,
    IServiceScopeFactory scopes,
    AdventureRepository repository,
    ITextGenerator generator,
    StoryStreamer streamer,
    StoryVersions versions,
    GameBroadcaster broadcaster,
    RateLimits rates,
    IOptions<GameOptions> options,
    LastPrompts lastPrompts,
    ILogger<AdventureKeeper> logger)
{
    readonly GameOptions _options = options.Value;

    /// <summary>Applies a change to the story's blocks (undo, redo, edit, erase, alternative), saves it and sends the changed blocks.</summary>
    public async Task UpdateStoryAsync(Guid adventureId, StoryCommand command)
    {
        var (adventure, _, version, changed) = await ChangeAsync(adventureId, a =>
        {
            command.Apply(a);
            return true;
        });
        await broadcaster.StoryChangedAsync(adventure, version, changed);
    }

    /// <summary>Applies a change to the adventure's settings or members, saves it and sends the new view.</summary>
    public async Task<object?> UpdateAdventureAsync(Guid adventureId, AdventureEdit edit)
    {
        var (adventure, result, version, _) = await ChangeAsync(adventureId, edit.Apply);
        await SendAdventureAsync(adventure, version);
        return result;
    }

    Task SendAdventureAsync(Adventure adventure, long version) =>
        broadcaster.AdventureChangedAsync(adventure, Views.Live(streamer.Live(adventure.Id)), version, presence.Connected);

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

    async Task<Adventure> LoadAsync(Guid adventureId) =>
        await repository.LoadAsync(adventureId) ?? throw new GameRuleException(RuleReason.NotFound, "There is no such adventure.");
}
