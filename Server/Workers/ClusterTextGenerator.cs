using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Workers;

/// <summary>
/// The engine as a front-end sees it: each turn goes to a worker chosen by its story (<see cref="StoryRouter"/>, so
/// the story's prefix stays cached there) and streams back through the worker's grain. When the worker dies
/// mid-turn, the turn is resubmitted to the next worker with the prompt plus the text already streamed and the
/// tokens left, and the stream goes on where it was: the players see a pause, not a gap or a failed turn. A turn is
/// written by one model from start to end: the first worker names its model, the turn fails over only to workers
/// serving that model, and its result carries that model's name. With no such worker left the turn ends at once as an
/// error, its text so far kept (waiting would not help: during a rollout workers only leave the old model).
/// </summary>
public sealed partial class ClusterTextGenerator(IGrainFactory grains, WorkerPool pool, ILogger<ClusterTextGenerator> logger) : ITextGenerator
{
    static readonly Gpt2Tokenizer Tokenizer = Gpt2Tokenizer.Shared;

    /// <summary>How many workers one turn may fail over to before it gives up.</summary>
    const int MaxFailovers = 3;

    public int ContextWindow => pool.ContextWindow;

    public string ModelName => pool.ModelName;

    // The workers serve GPT-2-family models, which share this tokenizer.
    public int CountTokens(string text) => Tokenizer.CountTokens(text);

    /// <exception cref="EngineBusyException">No worker is live now.</exception>
    public GenerationStream Submit(GenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var story = StoryOf(request.Key);
        if (!pool.Router.TryRoute(story, out var decision))
            throw new EngineBusyException("No inference worker is running; try again when one has joined.");
        var deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var result = Task.Run(() => StreamAsync(request, story, decision.WorkerId, deltas.Writer, cancellationToken), CancellationToken.None);
        return new GenerationStream(deltas.Reader, result);
    }

    async Task<GenerationResult> StreamAsync(GenerationRequest request, Guid story, string worker, ChannelWriter<string> deltas, CancellationToken cancellationToken)
    {
        var streamed = new StringBuilder();
        var next = WorkerRequest.From(request);
        // The model that writes this turn: the first worker names it, and only workers serving it may take the turn over.
        string? model = null;
        try
        {
            for (var tries = 0; ; tries++)
            {
                var before = streamed.Length;
                string? refusedFor = null;
                try
                {
                    await foreach (var item in grains.GetGrain<IWorkerGrain>(worker).Generate(next, cancellationToken).WithCancellation(cancellationToken))
                    {
                        if (item.Model is { } serving)
                        {
                            model ??= serving;
                            if (!string.Equals(serving, model, StringComparison.Ordinal))
                            {
                                // Switched since its last report: it took nothing; the router learns its model now.
                                refusedFor = serving;
                                break;
                            }
                        }
                        else if (item.Delta is { } delta)
                        {
                            streamed.Append(delta);
                            await deltas.WriteAsync(delta, CancellationToken.None);
                        }
                        else if (item.Result is { } result)
                            return Attributed(Joined(result, streamed.ToString(0, before)), model, story);
                    }
                    if (refusedFor is null)
                        throw new OrleansException($"Worker {worker} ended the stream without a result.");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped (a player's Stop, a closed adventure, shutdown): the enumeration's end cancelled it on the worker.
                    return Ended(FinishReason.Cancelled, streamed, model);
                }
                catch (Exception e) when (IsWorkerLoss(e) && !cancellationToken.IsCancellationRequested)
                {
                    pool.Lost(worker);
                }

                pool.Router.Complete(worker);
                if (refusedFor is not null)
                    pool.Router.SetModel(worker, refusedFor);
                var lost = worker;
                var left = request.MaxNewTokens - Tokenizer.CountTokens(streamed.ToString());
                if (left <= 0)
                    return Ended(FinishReason.Length, streamed, model);
                if (tries == MaxFailovers || !pool.Router.TryRoute(story, model, out var decision))
                {
                    worker = string.Empty;
                    if (model is not null && pool.Router.Workers.Count > 0)
                    {
                        LogNoWorkerWithModel(lost, story, model);
                        return Ended(FinishReason.Error, streamed, model,
                            $"The inference worker stopped and no other worker serves {model}, the model this turn began with; what was written is kept.");
                    }
                    LogNoWorkerLeft(lost, story);
                    return Ended(FinishReason.Error, streamed, model,
                        "The inference worker stopped and no other worker could take the story; what was written is kept.");
                }
                worker = decision.WorkerId;
                LogFailover(lost, worker, story, streamed.Length, model ?? "?");
                next = Continuation(request, streamed.ToString(), left, model);
            }
        }
        finally
        {
            if (worker.Length > 0)
                pool.Router.Complete(worker);
            deltas.TryComplete();
        }
    }

    // A turn ended here rather than by a worker's result; its completion tokens are what was streamed.
    static GenerationResult Ended(FinishReason reason, StringBuilder streamed, string? model, string? error = null) =>
        new(reason, 0, Tokenizer.CountTokens(streamed.ToString()), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, error) { ModelName = model };

    // The last worker names the model that wrote its part; every part was written by `model` (each worker said so
    // before it wrote), so a different name means a switch slipped between, and the turn is not attributed to either.
    GenerationResult Attributed(GenerationResult result, string? model, Guid story)
    {
        if (model is null || result.ModelName is null || string.Equals(result.ModelName, model, StringComparison.Ordinal))
            return result with { ModelName = result.ModelName ?? model };
        LogModelChanged(story, model, result.ModelName);
        return result with { ModelName = null };
    }

    // The same turn, picked up after `streamed`: the prompt grows by it, and the first-token bans (which are about
    // how a continuation may begin) no longer apply.
    static WorkerRequest Continuation(GenerationRequest request, string streamed, int tokensLeft, string? model) =>
        WorkerRequest.From(request) with
        {
            PromptText = request.PromptTokens is null ? request.PromptText + streamed : null,
            PromptTokens = request.PromptTokens is { } tokens ? [.. tokens, .. Tokenizer.Encode(streamed)] : null,
            MaxNewTokens = tokensLeft,
            BannedFirstTokens = null,
            Model = model,
        };

    // The last worker's result, with what earlier workers wrote counted in.
    static GenerationResult Joined(GenerationResult last, string earlier)
    {
        if (earlier.Length == 0)
            return last;
        var ids = Tokenizer.Encode(earlier);
        return last with { CompletionTokens = last.CompletionTokens + ids.Length, TokenIds = [.. ids, .. last.TokenIds] };
    }

    static bool IsWorkerLoss(Exception e) =>
        e is OrleansException or TimeoutException || e.GetType().Name == "EnumerationAbortedException";

    // Adventures key their turns by their id; other callers (the HTTP API) by anything, hashed to a story.
    static Guid StoryOf(string key) =>
        Guid.TryParse(key, out var id) ? id : new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(key ?? string.Empty)).AsSpan(0, 16));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Lost} stopped mid-turn of story {Story}; resubmitted to {Next} after {Characters} characters, on {Model}")]
    partial void LogFailover(string lost, string next, Guid story, int characters, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Lost} stopped mid-turn of story {Story} and no live worker serves {Model}, the turn's model")]
    partial void LogNoWorkerWithModel(string lost, Guid story, string model);

    [LoggerMessage(Level = LogLevel.Error, Message = "The turn of story {Story} began on {Model} but ended on {Other}; it is left unattributed")]
    partial void LogModelChanged(Guid story, string model, string other);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Lost} stopped mid-turn of story {Story} and no worker is left")]
    partial void LogNoWorkerLeft(string lost, Guid story);
}
