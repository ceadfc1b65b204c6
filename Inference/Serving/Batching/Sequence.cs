using System.Diagnostics;
using System.Threading.Channels;
using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving.Scheduling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>One request on its way through the worker: waiting, prefilling, decoding, then finished.</summary>
internal sealed class Sequence : RowOccupant
{
    readonly Channel<string> _deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
    readonly Channel<TokenLogProbs>? _logProbs;
    readonly List<TokenLogProbs> _allLogProbs = [];
    readonly TaskCompletionSource<GenerationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly OutputProcessor _output;
    readonly List<int> _context;
    int _cached;

    /// <param name="request">What to generate.</param>
    /// <param name="prompt">The prompt's tokens.</param>
    /// <param name="order">Arrival order (unique): the sequence's id for the scheduler.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="endOfText">The model's end-of-text token.</param>
    /// <param name="window">Positions the sequence's row holds.</param>
    public Sequence(GenerationRequest request, int[] prompt, long order, Gpt2Tokenizer tokenizer, int endOfText = Gpt2Tokenizer.EndOfText, int window = int.MaxValue)
    {
        Request = request;
        Prompt = prompt;
        Order = order;
        // Drawn here, not on the device thread, so the scheduler and the engine draw nothing; reported in the result.
        Seed = request.Sampling.Seed ?? Random.Shared.NextInt64();
        Waiting = new WaitingRequest(order, request.Key, request.Priority, prompt);
        _context = [.. prompt];
        _output = new OutputProcessor(tokenizer, request.StopSequences, request.MaxNewTokens, endOfText, window);
        SubmittedAt = Stopwatch.GetTimestamp();
        if (request.LogProbs > 0)
            _logProbs = Channel.CreateUnbounded<TokenLogProbs>(new UnboundedChannelOptions { SingleWriter = true });
        Stream = new GenerationStream(_deltas.Reader, _result.Task, _logProbs?.Reader);
    }

    public GenerationRequest Request { get; }

    public int[] Prompt { get; }

    /// <summary>Arrival order, for first-come-first-served among equals.</summary>
    public long Order { get; }

    public GenerationStream Stream { get; }

    /// <summary>The seed of this sequence's draws (the request's, or one drawn for it).</summary>
    public long Seed { get; }

    /// <summary>The sequence as the scheduler sees it while it waits.</summary>
    public WaitingRequest Waiting { get; }

    /// <summary>Its settings and banned first tokens were checked against the model (on the device thread).</summary>
    public bool Checked { get; set; }

    /// <summary>Set from the caller's cancellation callback; the device thread acts on it at the next step.</summary>
    public volatile bool CancelRequested;

    public CancellationTokenRegistration Registration { get; set; }

    /// <summary>The prompt followed by the tokens generated so far.</summary>
    public IReadOnlyList<int> Context => _context;

    public override int CachedLength => _cached;

    /// <summary>True once the whole prompt is in the cache and the sequence decodes with the batch.</summary>
    public bool Decoding { get; set; }

    public int Generated => _context.Count - Prompt.Length;

    public int Reused { get; private set; }

    public long SubmittedAt { get; }

    public long AdmittedAt { get; private set; }

    public long FirstTokenAt { get; private set; }

    public long LastTokenAt { get; private set; }

    /// <summary>How many of the likeliest tokens to report with each generated one (0: no log-probabilities).</summary>
    public int LogProbsWanted => Request.LogProbs;

    /// <summary>The token the next decode step feeds (the last one chosen).</summary>
    public int LastToken => _context[^1];

    public void Admit(int row, int reused)
    {
        Row = row;
        Reused = reused;
        _cached = reused;
        AdmittedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts positions just written to the cache.</summary>
    public void Cached(int positions) => _cached += positions;

    /// <summary>Takes a new token: streams its text and says whether the sequence is done (<see cref="OutputProcessor"/>'s rules).</summary>
    /// <param name="token">The token chosen.</param>
    /// <param name="logProbs">The token's log-probabilities, when the request asked for them.</param>
    /// <returns>Why it finished, or null to keep going.</returns>
    public FinishReason? Accept(int token, TokenLogProbs? logProbs = null)
    {
        LastTokenAt = Stopwatch.GetTimestamp();
        if (FirstTokenAt == 0)
            FirstTokenAt = LastTokenAt;
        var reason = _output.Accept(token, _cached, out var delta);
        if (reason == FinishReason.Eos)
            return reason;
        _context.Add(token);
        if (_logProbs is not null && logProbs is not null)
        {
            var mine = logProbs with { Top = logProbs.Top.Take(Request.LogProbs).ToArray() };
            _allLogProbs.Add(mine);
            _logProbs.Writer.TryWrite(mine);
        }
        Write(delta);
        return reason;
    }

    void Write(string delta)
    {
        if (delta.Length > 0)
            _deltas.Writer.TryWrite(delta);
    }

    /// <summary>Ends the stream: flushes held text (except after a stop or error) and completes the result.</summary>
    public void Finish(FinishReason reason, string? error = null)
    {
        Registration.Dispose();
        reason = _output.Finish(reason, out var last);
        Write(last);
        _deltas.Writer.TryComplete();
        _logProbs?.Writer.TryComplete();
        var now = Stopwatch.GetTimestamp();
        _result.TrySetResult(new GenerationResult(
            reason,
            Prompt.Length,
            Math.Max(0, Generated),
            Stopwatch.GetElapsedTime(SubmittedAt, AdmittedAt == 0 ? now : AdmittedAt),
            FirstTokenAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(SubmittedAt, FirstTokenAt),
            Stopwatch.GetElapsedTime(SubmittedAt, now),
            error)
        {
            TokenIds = _context.Skip(Prompt.Length).ToArray(),
            PromptTokensReused = Reused,
            LogProbs = _allLogProbs.ToArray(),
            Seed = Seed,
        });
    }
}
