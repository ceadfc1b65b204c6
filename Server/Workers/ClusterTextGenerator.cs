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
/// tokens left, and the stream goes on where it was: the players see a pause, not a gap or a failed turn. With no
/// worker left the turn ends as an error, its text so far kept.
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
        try
        {
            for (var failovers = 0; ; failovers++)
            {
                var before = streamed.Length;
                try
                {
                    await foreach (var item in grains.GetGrain<IWorkerGrain>(worker).Generate(next, cancellationToken).WithCancellation(cancellationToken))
                    {
                        if (item.Delta is { } delta)
                        {
                            streamed.Append(delta);
                            await deltas.WriteAsync(delta, CancellationToken.None);
                        }
                        else if (item.Result is { } result)
                            return Joined(result, streamed.ToString(0, before));
                    }
                    throw new OrleansException($"Worker {worker} ended the stream without a result.");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped (a player's Stop, a closed adventure, shutdown): the enumeration's end cancelled it on the worker.
                    return new GenerationResult(FinishReason.Cancelled, 0, Tokenizer.CountTokens(streamed.ToString()), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
                }
                catch (Exception e) when (IsWorkerLoss(e) && !cancellationToken.IsCancellationRequested)
                {
                    pool.Router.Complete(worker);
                    pool.Lost(worker);
                    var lost = worker;
                    var left = request.MaxNewTokens - Tokenizer.CountTokens(streamed.ToString());
                    if (left <= 0)
                        return new GenerationResult(FinishReason.Length, 0, Tokenizer.CountTokens(streamed.ToString()), TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
                    if (failovers == MaxFailovers || !pool.Router.TryRoute(story, out var decision))
                    {
                        LogNoWorkerLeft(lost, story);
                        worker = string.Empty;
                        return new GenerationResult(FinishReason.Error, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero,
                            "The inference worker stopped and no other worker could take the story; what was written is kept.");
                    }
                    worker = decision.WorkerId;
                    LogFailover(lost, worker, story, streamed.Length);
                    next = Continuation(request, streamed.ToString(), left);
                }
            }
        }
        finally
        {
            if (worker.Length > 0)
                pool.Router.Complete(worker);
            deltas.TryComplete();
        }
    }

    // The same turn, picked up after `streamed`: the prompt grows by it, and the first-token bans (which are about
    // how a continuation may begin) no longer apply.
    static WorkerRequest Continuation(GenerationRequest request, string streamed, int tokensLeft) =>
        WorkerRequest.From(request) with
        {
            PromptText = request.PromptTokens is null ? request.PromptText + streamed : null,
            PromptTokens = request.PromptTokens is { } tokens ? [.. tokens, .. Tokenizer.Encode(streamed)] : null,
            MaxNewTokens = tokensLeft,
            BannedFirstTokens = null,
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Worker {Lost} stopped mid-turn of story {Story}; resubmitted to {Next} after {Characters} characters")]
    partial void LogFailover(string lost, string next, Guid story, int characters);

    [LoggerMessage(Level = LogLevel.Error, Message = "Worker {Lost} stopped mid-turn of story {Story} and no worker is left")]
    partial void LogNoWorkerLeft(string lost, Guid story);
}
