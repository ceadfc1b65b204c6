using AdventureServer.Game.Adventures;
using AdventureServer.Game.Story;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Models;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Play;
using AdventureServer.Server.Play.Grains;
using AdventureServer.Server.Workers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Hubs;

/// <summary>
/// The game masters' hub at <c>/hubs/gm</c>: watch and steer any adventure, moderate, and see the engine.
/// Refusals are <see cref="HubException"/>s like the player hub's.
/// </summary>
[Authorize(Policy = Roles.GameMaster)]
public sealed class GameMasterHub(AdventureService game, GameMasterService masters, IServiceProvider services) : Hub<IGameMasterClient>
{
    Actor Me => new(GameHubFilter.UserId(Context.User), Context.User?.Identity?.Name ?? "?", IsGameMaster: true);

    /// <summary>The adventures being played now, with who is connected.</summary>
    public Task<IReadOnlyList<LiveAdventureView>> ListLiveAdventures() => masters.ListLiveAsync();

    /// <summary>Watches an adventure live: attaches to its stream, then returns it (hidden blocks included, flagged).</summary>
    public Task<AdventureView> Watch(Guid adventureId) => game.OpenAsync(Me, adventureId, Context.ConnectionId, Groups, includeHidden: true);

    /// <summary>Stops watching an adventure.</summary>
    public Task Unwatch(Guid adventureId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.Watchers(adventureId));

    /// <summary>After a reconnect: re-attaches and returns the live deltas the watcher missed (as the player hub's <c>Resume</c>), or null.</summary>
    public Task<StreamCatchUp?> Resume(Guid adventureId, Guid? blockId, int attempt, int lastSequence) =>
        game.ResumeAsync(Me, adventureId, blockId, attempt, lastSequence, Context.ConnectionId, Groups);

    /// <summary>What the model saw on the adventure's last turn (as the player hub's <c>GetContext</c>).</summary>
    public Task<ContextView> GetContext(Guid adventureId) => game.RunAsync<ContextView>(adventureId, new ReadContext(Me));

    /// <summary>Narrates into the story (a Story action by the game master); the model continues from it. Returns the continuation's id.</summary>
    public Task<Guid> Narrate(Guid adventureId, string text) => game.RunAsync<Guid>(adventureId, new Act(Me, ActionKind.Story, text));

    /// <summary>Replaces a block's text.</summary>
    public Task EditBlock(Guid adventureId, Guid blockId, string text) => game.RunAsync(adventureId, new EditBlock(Me, blockId, text ?? string.Empty));

    /// <summary>Hides every block after <paramref name="blockId"/> (kept, restorable with redo).</summary>
    public Task EraseAfter(Guid adventureId, Guid blockId) => game.RunAsync(adventureId, new EraseAfter(Me, blockId));

    /// <summary>Hides the last turn.</summary>
    public Task Undo(Guid adventureId) => game.RunAsync(adventureId, new Undo(Me));

    /// <summary>Sets the generation settings; returns what was stored after clamping.</summary>
    public Task<SettingsView> ChangeSettings(Guid adventureId, SettingsView settings) =>
        game.RunAsync<SettingsView>(adventureId, new ChangeSettings(Me, settings));

    /// <summary>Replaces the adventure's banned-word list.</summary>
    public Task SetBannedWords(Guid adventureId, IReadOnlyList<string> words) =>
        game.RunAsync(adventureId, new SetBannedWords(Me, HubArguments.Texts(words, nameof(words))));

    /// <summary>Removes a member, who may rejoin.</summary>
    public Task Kick(Guid adventureId, string userId, string? reason) => game.RunAsync(adventureId, new RemoveMember(Me, userId, Ban: false, reason));

    /// <summary>Removes a user and keeps them out.</summary>
    public Task Ban(Guid adventureId, string userId, string? reason) => game.RunAsync(adventureId, new RemoveMember(Me, userId, Ban: true, reason));

    /// <summary>Lets a banned user join again.</summary>
    public Task Unban(Guid adventureId, string userId) => game.RunAsync(adventureId, new Unban(Me, userId));

    /// <summary>Keeps a member from changing the story.</summary>
    public Task Mute(Guid adventureId, string userId) => game.RunAsync(adventureId, new Mute(Me, userId));

    /// <summary>Lets a muted member act again.</summary>
    public Task Unmute(Guid adventureId, string userId) => game.RunAsync(adventureId, new Unmute(Me, userId));

    /// <summary>Stops the continuation being written.</summary>
    public Task Stop(Guid adventureId) => game.RunAsync(adventureId, new StopWriting(Me));

    /// <summary>The engine's state now.</summary>
    public Task<EngineStateView> GetEngineState() => Task.FromResult(masters.EngineState());

    /// <summary>Receive <see cref="IGameMasterClient.EngineState"/> about once a second.</summary>
    public Task SubscribeEngineState() => Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.EngineState);

    /// <summary>Stop receiving the engine's state.</summary>
    public Task UnsubscribeEngineState() => Groups.RemoveFromGroupAsync(Context.ConnectionId, HubGroups.EngineState);

    /// <summary>
    /// Switches the served model (a folder, <c>hf:NAME</c>, or empty for the bundled default) without downtime:
    /// continuations already running finish on the old model, new ones use the new model. On a front-end the switch
    /// rolls across the workers one at a time (see <see cref="ModelRollout"/>).
    /// </summary>
    public async Task<EngineStateView> SwitchModel(string model)
    {
        // A front-end runs no model: the switch rolls across the cluster's workers.
        var models = services.GetService<ModelHost>();
        if (models is null)
        {
            try
            {
                await services.GetRequiredService<ModelRollout>().RollAsync(model ?? string.Empty, Context.ConnectionAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                throw new RefusedException(RefusalReason.ModelLoadFailed, $"The model could not be switched on every worker; those not yet switched keep their model: {e.Message}");
            }
            return masters.EngineState();
        }

        try
        {
            await models.SwitchAsync(model ?? string.Empty, Context.ConnectionAborted);
        }
        catch (Exception e) when (e is CheckpointException or ModelSourceException or IOException or InvalidOperationException or ArgumentException)
        {
            throw new RefusedException(RefusalReason.ModelLoadFailed, $"The model could not be loaded, so {models.ModelName} keeps serving: {e.Message}");
        }
        return masters.EngineState();
    }

    /// <summary>
    /// Starts a canary of <paramref name="model"/> (as <see cref="SwitchModel"/> names it): one worker switches, and only
    /// the share <paramref name="share"/> (0 to 1) of adventures, chosen by a stable hash of their id, is written by it;
    /// the other workers keep their model for the rest. Needs a front-end with two workers at least. Then
    /// <see cref="PromoteCanary"/> or <see cref="AbortCanary"/>.
    /// </summary>
    public Task<EngineStateView> StartCanary(string model, double share) =>
        CanaryAsync(rollout => rollout.StartCanaryAsync(model ?? string.Empty, CanarySplit.CheckShare(share), Context.ConnectionAborted));

    /// <summary>Rolls the canary's model across the other workers, one at a time, and ends the canary.</summary>
    public Task<EngineStateView> PromoteCanary() =>
        CanaryAsync(rollout => rollout.PromoteAsync(Context.ConnectionAborted));

    /// <summary>Switches the canary's workers to <paramref name="model"/> (what the others serve; empty for the bundled default) and ends the canary.</summary>
    public Task<EngineStateView> AbortCanary(string model) =>
        CanaryAsync(rollout => rollout.AbortAsync(model ?? string.Empty, Context.ConnectionAborted));

    async Task<EngineStateView> CanaryAsync(Func<ModelRollout, Task> step)
    {
        if (services.GetService<ModelRollout>() is not { } rollout)
            throw new RefusedException(RefusalReason.Invalid, "A canary needs inference workers of their own: this server runs its model in-process (use SwitchModel).");
        try
        {
            await step(rollout);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new RefusedException(RefusalReason.Invalid, e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new RefusedException(RefusalReason.Conflict, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException and not RefusedException)
        {
            throw new RefusedException(RefusalReason.ModelLoadFailed, $"The model could not be switched; the workers not yet switched keep their model: {e.Message}");
        }
        return masters.EngineState();
    }
}
