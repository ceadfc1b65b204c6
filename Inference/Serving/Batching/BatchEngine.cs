using System.Diagnostics;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving.Scheduling;
using Microsoft.Extensions.Logging;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// One step of continuous batching, run on the device thread, in three parts kept apart as vLLM keeps them: the
/// <see cref="Scheduler"/> decides (admissions into rows, evictions of cached prefixes, prompt chunks, the decoding
/// rows) from the engine's state as plain values; the <see cref="ModelRunner"/> runs the model for that
/// <see cref="StepPlan"/>; each sequence's <see cref="Generation.OutputProcessor"/> says what the chosen tokens mean.
/// The engine holds the state between them: who holds which row (<see cref="RowTable"/>), the cached prefixes, the
/// prefilling sequences, and it carries out the plan's bookkeeping.
/// </summary>
internal sealed class BatchEngine : IDisposable
{
    readonly ModelRunner _runner;
    readonly Scheduler _scheduler;
    readonly RowTable _rows;
    readonly PrefixCache _prefixes = new();
    readonly List<Sequence> _prefilling = [];
    readonly WaitingQueue _queue;
    readonly WorkerMetrics _metrics;
    readonly ILogger _logger;
    readonly long _vocabulary;
    long _clock;
    long _prefilled;
    long _reused;
    long _usedPositions;

    /// <param name="model">The model, prepared for inference, on its device.</param>
    /// <param name="queue">Where submitted sequences wait.</param>
    /// <param name="metrics">The worker's instruments.</param>
    /// <param name="settings">Sizes and scheduling.</param>
    /// <param name="graphs">Capture decode steps as CUDA graphs (the caller has checked that they are available).</param>
    /// <param name="logger">Where failures are logged.</param>
    public BatchEngine(Gpt2Model model, WaitingQueue queue, WorkerMetrics metrics, EngineSettings settings, bool graphs, ILogger logger)
    {
        _logger = logger;
        _queue = queue;
        _metrics = metrics;
        _vocabulary = model.Config.VocabSize;
        _runner = new ModelRunner(model, settings, graphs, logger);
        _scheduler = new Scheduler(settings);
        _rows = new RowTable(_runner.Pool, _runner.Sampling);
    }

    public int DecodingCount => _rows.DecodingCount;

    public int PrefillingCount => _prefilling.Count;

    /// <summary>CUDA graphs captured so far (0 where decoding runs eagerly).</summary>
    public int CapturedGraphs => _runner.CapturedGraphs;

    public bool HasWork => _rows.DecodingCount > 0 || _prefilling.Count > 0;

    public long PromptTokensPrefilled => Interlocked.Read(ref _prefilled);

    public long PromptTokensReused => Interlocked.Read(ref _reused);

    /// <summary>Positions held by live and prefix-cached sequences, as of the last step.</summary>
    public long UsedPositions => Interlocked.Read(ref _usedPositions);

    public long CapacityPositions => (long)_runner.Pool.Slots * _runner.Pool.Capacity;

    /// <summary>
    /// Runs the shapes the worker will use once before any request (<see cref="ModelRunner.WarmUp"/>): a thread's first
    /// pass at a new shape took up to twice as long as later ones here, which would land on the first players. Call on
    /// the device thread, under no_grad, before the first <see cref="Step"/>.
    /// </summary>
    /// <returns>The shapes run.</returns>
    public int WarmUp() => _runner.WarmUp(_scheduler.Settings.ChunkTokens);

    /// <summary>Runs one step; call inside a dispose scope, under no_grad.</summary>
    public void Step()
    {
        DropCancelled();
        var waiting = Checked(_queue.Snapshot());
        var plan = _scheduler.Plan(new SchedulerState(
            waiting.Select(s => s.Waiting).ToList(),
            Decoding().Select(s => s.Order).ToList(),
            _prefilling.Select(s => new PrefillingRequest(s.Order, s.Prompt.Length, s.CachedLength)).ToList(),
            _prefixes.Entries.Select(e => e.ToCached()).ToList(),
            _rows.FreeRows()));
        Admit(plan, waiting);
        var chunks = plan.Chunks.Select(c => new PromptChunk(_prefilling.First(s => s.Order == c.Id), c.Offset, c.Count)).ToList();
        // Graphs replay the decode alone, so there prompt chunks run as a pass of their own.
        var tokens = chunks.Count == 0 ? DecodeOnce()
            : _runner.ChunksRideAlong ? RunPass(Decoding(), chunks)
            : RunPass([], chunks) + DecodeOnce();
        _metrics.StepTokens(tokens, Stopwatch.GetTimestamp());
        Interlocked.Exchange(ref _usedPositions, _rows.UsedPositions);
    }

    /// <summary>Fails every live sequence (a step failed outside the per-phase handling).</summary>
    public void FailAll(string error) => FinishAll(FinishReason.Error, error);

    /// <summary>Ends every live and waiting sequence (at shutdown).</summary>
    public void FinishAll(FinishReason reason, string? error = null)
    {
        foreach (var sequence in Live().ToList())
            Complete(sequence, reason, error);
        foreach (var waiting in _queue.TakeAll())
            waiting.Finish(reason, error);
    }

    IEnumerable<Sequence> Live() => Decoding().Concat(_prefilling);

    Sequence[] Decoding() => Enumerable.Range(0, _rows.DecodingCount).Select(row => (Sequence)_rows[row]!).ToArray();

    void DropCancelled()
    {
        foreach (var waiting in _queue.TakeCancelled())
            waiting.Finish(FinishReason.Cancelled);
        foreach (var sequence in Live().Where(s => s.CancelRequested).ToList())
            Complete(sequence, FinishReason.Cancelled);
    }

    /// <summary>The waiting sequences whose settings the model can follow; the others end at once with the reason.</summary>
    List<Sequence> Checked(List<Sequence> waiting)
    {
        var refused = new List<Sequence>();
        foreach (var sequence in waiting.Where(s => !s.Checked))
        {
            try
            {
                _runner.Sampling.Check(sequence.Request.Sampling);
                FirstTokenBan.Check(sequence.Request.BannedFirstTokens, _vocabulary);
                sequence.Checked = true;
            }
            catch (ArgumentException e)
            {
                refused.Add(sequence);
                sequence.Finish(FinishReason.Error, e.Message);
            }
        }
        if (refused.Count == 0)
            return waiting;
        _queue.Remove(refused);
        return waiting.Except(refused).ToList();
    }

    /// <summary>Carries out the plan's evictions and admissions: rows change hands, admitted sequences start prefilling.</summary>
    void Admit(StepPlan plan, List<Sequence> waiting)
    {
        foreach (var eviction in plan.Evictions)
        {
            _prefixes.Remove(eviction.Key);
            _rows.Release(eviction.Row);
        }
        if (plan.Admissions.Count == 0)
            return;
        var admitted = new List<Sequence>(plan.Admissions.Count);
        foreach (var admission in plan.Admissions)
        {
            var sequence = waiting.First(s => s.Order == admission.Id);
            if (admission.ReusedTokens > 0)
                _prefixes.Remove(sequence.Request.Key);
            _rows.Release(admission.Row);
            _rows.Assign(admission.Row, sequence);
            _runner.Sampling.Set(admission.Row, sequence.Request.Sampling, sequence.Seed, sequence.Prompt);
            sequence.Admit(admission.Row, admission.ReusedTokens);
            Interlocked.Add(ref _reused, admission.ReusedTokens);
            _metrics.Reused(admission.ReusedTokens);
            _metrics.Admitted(sequence);
            _prefilling.Add(sequence);
            admitted.Add(sequence);
        }
        _queue.Remove(admitted);
    }

    /// <summary>
    /// Prefills <paramref name="chunks"/> and decodes <paramref name="decoding"/> (possibly none) in one forward pass.
    /// When that fails with several parts in it, the parts run apart, so only the part at fault fails its requests.
    /// </summary>
    /// <returns>The tokens chosen.</returns>
    int RunPass(Sequence[] decoding, List<PromptChunk> chunks)
    {
        PassOutput output;
        try
        {
            output = _runner.Pass(decoding, chunks);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (chunks.Count + (decoding.Length > 0 ? 1 : 0) == 1)
            {
                Fail(decoding.Concat(chunks.Select(c => c.Sequence)), e);
                return 0;
            }
            // Nothing was counted yet and a retry rewrites the same positions.
            InferenceWorkerLog.FusedStepFailed(_logger, e);
            return (decoding.Length > 0 ? DecodeOnce() : 0) + chunks.Sum(chunk => RunPass([], [chunk]));
        }
        foreach (var chunk in chunks)
        {
            chunk.Sequence.Cached(chunk.Count);
            Interlocked.Add(ref _prefilled, chunk.Count);
            _metrics.Prefilled(chunk.Count);
        }
        TakeDecoded(output.Decoded);
        foreach (var first in output.FirstTokens)
            FinishPrefill(first);
        return output.Count;
    }

    /// <summary>Decodes every decoding row in a pass of its own.</summary>
    /// <returns>The tokens chosen.</returns>
    int DecodeOnce()
    {
        if (_rows.DecodingCount == 0)
            return 0;
        var sequences = Decoding();
        PassOutput output;
        try
        {
            output = _runner.Decode(sequences);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(sequences, e);
            return 0;
        }
        TakeDecoded(output.Decoded);
        return output.Count;
    }

    /// <summary>Hands each decoding row its token; finished rows leave.</summary>
    void TakeDecoded(IReadOnlyList<ChosenToken> decoded)
    {
        var finished = new List<(Sequence, FinishReason)>();
        foreach (var (sequence, token, logProbs) in decoded)
        {
            sequence.Cached(1);
            if (TakeToken(sequence, token, logProbs) is { } reason)
                finished.Add((sequence, reason));
        }
        foreach (var (sequence, reason) in finished)
            Complete(sequence, reason);
    }

    /// <summary>The prompt is cached and its first token chosen: the sequence joins the decoding rows, or ends.</summary>
    void FinishPrefill(ChosenToken first)
    {
        var sequence = first.Sequence;
        _prefilling.Remove(sequence);
        if (TakeToken(sequence, first.Token, first.LogProbs) is { } reason)
            Complete(sequence, reason);
        else
            _rows.StartDecoding(sequence);
    }

    void Fail(IEnumerable<Sequence> sequences, Exception e)
    {
        // The requests end with the error's message; the log keeps its stack, which no client sees.
        InferenceWorkerLog.StepFailed(_logger, e);
        var live = sequences.Where(s => s.Row >= 0 && _rows[s.Row] == s).ToList();
        _metrics.Errors(live.Count);
        foreach (var sequence in live)
            Complete(sequence, FinishReason.Error, e.Message);
    }

    FinishReason? TakeToken(Sequence sequence, int token, TokenLogProbs? logProbs)
    {
        _metrics.Token(sequence, Stopwatch.GetTimestamp());
        return sequence.Accept(token, logProbs);
    }

    /// <summary>
    /// Ends a live sequence and frees its place in the batch at once. Its row is kept as the key's prefix
    /// entry (unless it failed), so the story's next turn need not prefill what is cached.
    /// </summary>
    void Complete(Sequence sequence, FinishReason reason, string? error = null)
    {
        if (_rows.DecodingCount > 0 && sequence.Row < _rows.DecodingCount && _rows[sequence.Row] == sequence)
            _rows.StopDecoding(sequence);
        else
            _prefilling.Remove(sequence);
        sequence.Finish(reason, error);
        var row = sequence.Row;
        if (reason == FinishReason.Error || sequence.Request.Key.Length == 0 || sequence.CachedLength == 0)
        {
            _rows.Release(row);
            return;
        }
        var entry = new PrefixEntry(sequence.Request.Key, sequence.Context.Take(sequence.CachedLength).ToArray(), ++_clock);
        _rows.Release(row);
        _rows.Assign(row, entry);
        if (_prefixes.Add(entry) is { } replaced)
            _rows.Release(replaced.Row);
    }

    public void Dispose() => _runner.Dispose();
}
