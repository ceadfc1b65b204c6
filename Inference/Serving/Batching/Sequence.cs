using System.Diagnostics;
using System.Threading.Channels;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>One request on its way through the worker: waiting, prefilling, decoding, then finished.</summary>
internal sealed class Sequence : RowOccupant
{
    readonly Channel<string> _deltas = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleWriter = true });
    readonly Channel<TokenLogProbs>? _logProbs;
    readonly List<TokenLogProbs> _allLogProbs = [];
    readonly TaskCompletionSource<GenerationResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly StreamingDetokenizer _detokenizer;
    readonly StopSequenceMatcher _stops;
    readonly List<int> _context;
    int _cached;

    public Sequence(GenerationRequest request, int[] prompt, long order, Gpt2Tokenizer tokenizer)
    {
        Request = request;
        Prompt = prompt;
        Order = order;
        _context = [.. prompt];
        _detokenizer = new StreamingDetokenizer(tokenizer);
        _stops = new StopSequenceMatcher(request.StopSequences);
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

    /// <summary>The seed of this sequence's draws (the request's, or one drawn at admission).</summary>
    public long Seed { get; private set; }

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

    public void Admit(int row, int reused, long seed)
    {
        Seed = seed;
        Row = row;
        Reused = reused;
        _cached = reused;
        AdmittedAt = Stopwatch.GetTimestamp();
    }

    /// <summary>Counts positions just written to the cache.</summary>
    public void Cached(int positions) => _cached += positions;

    /// <summary>
    /// Takes a new token: streams its text and says whether the sequence is done.
    /// </summary>
    /// <param name="token">The token chosen.</param>
    /// <param name="endOfText">The model's end-of-text token, which ends the sequence without being text.</param>
    /// <param name="capacity">Positions a row holds.</param>
    /// <param name="logProbs">The token's log-probabilities, when the request asked for them.</param>
    /// <returns>Why it finished, or null to keep going.</returns>
    public FinishReason? Accept(int token, int endOfText, int capacity, TokenLogProbs? logProbs = null)
    {
        LastTokenAt = Stopwatch.GetTimestamp();
        if (FirstTokenAt == 0)
            FirstTokenAt = LastTokenAt;
        if (token == endOfText)
            return FinishReason.Eos; // like the sequential generator: end-of-text is neither text nor a completion token
        _context.Add(token);
        if (_logProbs is not null && logProbs is not null)
        {
            var mine = logProbs with { Top = logProbs.Top.Take(Request.LogProbs).ToArray() };
            _allLogProbs.Add(mine);
            _logProbs.Writer.TryWrite(mine);
        }
        Write(_stops.Push(_detokenizer.Push(token)));
        if (_stops.Stopped)
            return FinishReason.Stop;
        if (Generated >= Request.MaxNewTokens || _cached >= capacity)
            return FinishReason.Length;
        return null;
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
        if (reason != FinishReason.Error && !_stops.Stopped)
        {
            Write(_stops.Push(_detokenizer.Flush()));
            Write(_stops.Flush());
            if (_stops.Stopped)
                reason = FinishReason.Stop;
        }
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
        });
    }
}
