using AdventureServer.Game.Adventures;
using AdventureServer.Game.Context;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Streaming;

namespace AdventureServer.Server.Play;

// Acting and retrying (which start a continuation) and stopping one.
public sealed partial class AdventureKeeper
{
    const string BusyMessage = "The story engine is busy; try again in a moment.";

    /// <summary>
    /// Adds an action and writes its continuation for everyone. The action and an empty continuation are
    /// saved before anything is generated; if the engine then refuses, the continuation is marked Failed
    /// (retry it) and the caller gets an <c>EngineBusy</c> error. Returns the continuation's id.
    /// </summary>
    public async Task<Guid> ActAsync(Actor actor, Guid adventureId, ActionKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(actor);
        text ??= string.Empty;
        if (!Enum.IsDefined(kind))
            throw new RefusedException(RefusalReason.Invalid, "Unknown action kind; use Do, Say, Story or Continue.");
        using var rate = new ActionRate(rates, actor, _options.ActionsPerMinute, logger);
        var (adventure, (act, prompt), version, changed) = await ChangeAsync(adventureId, a =>
        {
            var act = a.Act(actor, kind, text);
            var prompt = BuildPrompt(a);
            rate.Count();
            return (act, prompt);
        });
        await broadcaster.StoryChangedAsync(adventure, version, changed);
        await StartContinuationAsync(actor, adventure, act.Continuation, prompt);
        lastPrompts.Record(adventure, prompt, PromptBudget(adventure));
        return act.Continuation.Id;
    }

    /// <summary>Writes the last continuation again; the earlier text stays as an alternative.</summary>
    public async Task<Guid> RetryAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        using var rate = new ActionRate(rates, actor, _options.ActionsPerMinute, logger);
        var (adventure, (block, prompt), version, changed) = await ChangeAsync(adventureId, a =>
        {
            var block = a.Retry(actor);
            var prompt = BuildPrompt(a);
            rate.Count();
            return (block, prompt);
        });
        await broadcaster.StoryChangedAsync(adventure, version, changed);
        await StartContinuationAsync(actor, adventure, block, prompt);
        lastPrompts.Record(adventure, prompt, PromptBudget(adventure));
        return block.Id;
    }

    /// <summary>Stops the continuation being written (a member who may change the story, or a game master).</summary>
    public async Task StopAsync(Actor actor, Guid adventureId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var adventure = await LoadAsync(adventureId);
        if (!actor.IsGameMaster)
        {
            AdventureService.CheckWatcher(adventure, actor);
            if (adventure.Muted.Contains(actor.UserId))
                throw new GameRuleException(RuleReason.Muted, "You are muted in this adventure.");
        }

        if (!streamer.Cancel(adventureId))
            throw new GameRuleException(RuleReason.NotWriting, "Nothing is being written.");
    }

    /// <summary>
    /// Counts one action against the account's per-minute rate once the rules have accepted it (a refused action,
    /// Busy or NotYourTurn, costs nothing), before it is saved; an action over the rate is refused with nothing
    /// stored. The count is taken once however often a lost save race runs the change again.
    /// </summary>
    sealed class ActionRate(RateLimits limits, Actor actor, int perMinute, ILogger logger) : IDisposable
    {
        SlidingLogLease? _lease;

        public void Count()
        {
            if (actor.IsGameMaster || _lease is not null)
                return;
            var lease = limits.Acquire(new LimitKey(LimitKind.Actions, actor.UserId));
            if (!lease.IsAcquired)
            {
                lease.Dispose();
                PlayLog.RateLimited(logger, actor.UserId, "actions");
                throw new RefusedException(RefusalReason.RateLimited, $"At most {perMinute} actions a minute; wait a little.");
            }
            _lease = lease;
        }

        public void Dispose() => _lease?.Dispose();
    }

    // Built on the changed adventure before it is saved, so a story whose fixed parts no longer fit the
    // window is refused with nothing stored (the player still has their text).
    PromptContext BuildPrompt(Adventure adventure)
    {
        var budget = PromptBudget(adventure);
        if (budget <= 0)
            throw new GameRuleException(RuleReason.InvalidSettings, $"Max new tokens must be below the model's window of {generator.ContextWindow}.");
        var prompt = new ContextBuilder(new GeneratorTokenCounter(generator)).Build(adventure, budget);
        if (prompt.TokenCount == 0)
            throw new GameRuleException(RuleReason.Empty, "There is no story to continue yet; type something first.");
        return prompt;
    }

    int PromptBudget(Adventure adventure) => generator.ContextWindow - adventure.Settings.MaxNewTokens;

    async Task StartContinuationAsync(Actor actor, Adventure adventure, StoryBlock block, PromptContext prompt)
    {
        var settings = adventure.Settings;
        var blockId = block.Id;
        var attempt = Views.Attempt(block);
        LiveContinuation? live = null;
        try
        {
            live = streamer.Begin(adventure.Id, blockId, attempt, settings.StopSequences);
            var stream = generator.Submit(new GenerationRequest
            {
                PromptText = prompt.Text,
                Sampling = new SamplingSettings
                {
                    Temperature = (float)settings.Temperature,
                    TopK = settings.TopK,
                    TopP = (float)settings.TopP,
                    RepetitionPenalty = (float)settings.RepetitionPenalty,
                    Seed = settings.Seed,
                },
                StopSequences = [ContinuationCleanup.NextAction, .. settings.StopSequences],
                MaxNewTokens = settings.MaxNewTokens,
                Key = adventure.Id.ToString(),
                BannedFirstTokens = ContinuationStartBans.For(prompt.Text),
            }, live.Cancellation.Token);
            PlayLog.ContinuationStarted(logger, actor.UserId, adventure.Id, blockId, prompt.TokenCount);
            // The streamer owns the run from here; StopAllAsync waits for it at shutdown.
            _ = streamer.Run(live, stream);
        }
        catch (Exception e) when (e is EngineBusyException or InvalidOperationException or ArgumentException)
        {
            // ObjectDisposedException (the engine is stopping) is an InvalidOperationException too.
            if (live is not null)
                streamer.Abandon(live);
            PlayLog.SubmitRefused(logger, adventure.Id, e.Message);
            var message = e is EngineBusyException ? BusyMessage : "The story engine could not take this story now; try again in a moment.";
            await repository.SaveContinuationAsync(adventure.Id, blockId, string.Empty, ContinuationState.Failed);
            await broadcaster.EndedAsync(new ContinuationEnded(adventure.Id, blockId, attempt, 0, string.Empty, nameof(ContinuationState.Failed), message));
            throw new RefusedException(RefusalReason.EngineBusy, message);
        }
    }
}
