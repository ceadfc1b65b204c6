using System.Diagnostics;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// One step of continuous batching, run on the device thread: drop cancelled sequences, admit waiting
/// ones into free rows (reusing a cached prefix of the story where there is one), prefill chunks of the
/// waiting prompts (as many tokens as the step has room for), then decode one token for every decoding
/// sequence in a single batched forward. Decoding is the static-shape <see cref="DecodeStep"/>: replayed
/// as CUDA graphs where they are available, run eagerly elsewhere (there with the prompt chunks riding in
/// the same forward pass).
/// </summary>
internal sealed partial class BatchEngine : IDisposable
{
    readonly Gpt2Model _model;
    readonly KeyValueCachePool _pool;
    readonly SamplingRows _sampling;
    readonly DecodeStep _step;
    readonly DecodeBuckets _buckets;
    readonly RowTable _rows;
    readonly PrefixCache _prefixes = new();
    readonly List<Sequence> _prefilling = [];
    readonly WaitingQueue _queue;
    readonly WorkerMetrics _metrics;
    readonly EngineSettings _settings;
    readonly ILogger _logger;
    DecodeGraphs? _graphs;
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
        _model = model;
        _queue = queue;
        _metrics = metrics;
        _settings = settings;
        _pool = new KeyValueCachePool(model.Config, settings.Slots, settings.Capacity, model.Device, model.DType);
        _sampling = new SamplingRows(settings.Slots, model.Config.VocabSize, model.Device);
        _step = new DecodeStep(model, _pool, _sampling);
        _buckets = new DecodeBuckets(settings.Slots, settings.Capacity, graphs || settings.PadDecodeSteps);
        _graphs = graphs ? new DecodeGraphs(_step, model.Device) : null;
        _rows = new RowTable(_pool, _sampling);
    }

    public int DecodingCount => _rows.DecodingCount;

    public int PrefillingCount => _prefilling.Count;

    /// <summary>CUDA graphs captured so far (0 where decoding runs eagerly).</summary>
    public int CapturedGraphs => _graphs?.Count ?? 0;

    public bool HasWork => _rows.DecodingCount > 0 || _prefilling.Count > 0;

    public long PromptTokensPrefilled => Interlocked.Read(ref _prefilled);

    public long PromptTokensReused => Interlocked.Read(ref _reused);

    /// <summary>Positions held by live and prefix-cached sequences, as of the last step.</summary>
    public long UsedPositions => Interlocked.Read(ref _usedPositions);

    public long CapacityPositions => (long)_pool.Slots * _pool.Capacity;

    /// <summary>
    /// Runs the shapes the worker will use once before any request: a prompt chunk of
    /// <see cref="EngineSettings.ChunkTokens"/> and a decode step at every batch size it can run (its buckets
    /// where steps are padded). A thread's first pass at a new shape took up to twice as long as later ones
    /// here, which would land on the first players. It writes row 0's first positions and every row's next
    /// one, which nobody reads: each sequence prefills its own positions before attending over them, and a
    /// decode step masks what lies past a row's position. Call on the device thread, under no_grad, before
    /// the first <see cref="Step"/>.
    /// </summary>
    /// <returns>The shapes run.</returns>
    public int WarmUp()
    {
        using var scope = NewDisposeScope();
        var chunk = Math.Min(_settings.ChunkTokens, _pool.Capacity - 1);
        var ids = zeros(1, chunk, ScalarType.Int64, _model.Device);
        _model.Forward(ids, _model.Positions(0, chunk), _pool.ForPrefill(0, 0), CausalMaskAfter(0, chunk), lastPositionOnly: true);
        var shapes = 1;
        var batches = Enumerable.Range(1, _pool.Slots).Select(b => _buckets.For(b, chunk + 1).Batch).Distinct().ToList();
        foreach (var batch in batches)
        {
            _step.LoadRows(Enumerable.Repeat((0L, chunk), batch).ToArray(), batch);
            var (shapeBatch, shapeLength) = _buckets.For(batch, chunk + 1);
            _step.Logits(shapeBatch, shapeLength).argmax(1);
            shapes++;
        }
        if (_model.Device.type == DeviceType.CUDA)
            cuda.synchronize(_model.Device);
        return shapes;
    }

    /// <summary>Runs one step; call inside a dispose scope, under no_grad.</summary>
    public void Step()
    {
        DropCancelled();
        Admit();
        var chunks = PlanPrefill();
        // Graphs replay the decode alone, so there prompt chunks run as a pass of their own.
        var tokens = chunks.Count == 0 ? DecodeOnce()
            : _graphs is null ? RunPass(Decoding(), chunks)
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

    void DropCancelled()
    {
        foreach (var waiting in _queue.TakeCancelled())
            waiting.Finish(FinishReason.Cancelled);
        foreach (var sequence in Live().Where(s => s.CancelRequested).ToList())
            Complete(sequence, FinishReason.Cancelled);
    }

    void Admit()
    {
        while (_rows.DecodingCount + _prefilling.Count < _pool.Slots && _queue.TryTake() is { } sequence)
        {
            var settings = sequence.Request.Sampling;
            try
            {
                _sampling.Check(settings);
            }
            catch (ArgumentException e)
            {
                sequence.Finish(FinishReason.Error, e.Message);
                continue;
            }
            var (entry, reused) = sequence.Request.Key.Length > 0 ? _prefixes.Take(sequence.Request.Key, sequence.Prompt) : (null, 0);
            var row = entry?.Row ?? _rows.FreeRow();
            if (row < 0)
                row = _prefixes.EvictLeastRecentlyUsed()!.Row; // rows = live + prefixes + free, and live < slots
            _rows.Release(row);
            _rows.Assign(row, sequence);
            var seed = settings.Seed ?? Random.Shared.NextInt64();
            _sampling.Set(row, settings, seed, sequence.Prompt);
            sequence.Admit(row, reused, seed);
            Interlocked.Add(ref _reused, reused);
            _metrics.Admitted(sequence);
            _prefilling.Add(sequence);
        }
    }

    /// <summary>Hands each decoding row its token (chosen on the device, in <see cref="DecodeStep.Tokens"/>); finished rows leave.</summary>
    /// <param name="sequences">The decoding rows, in row order.</param>
    /// <param name="logits">Their (B, V) logits, when the step kept them (needed only where a row asks for log-probabilities).</param>
    void TakeDecodedTokens(Sequence[] sequences, Tensor? logits = null)
    {
        var chosen = _step.Tokens(sequences.Length);
        if (_sampling.FeaturesOf(sequences.Length).HasFlag(SamplingFeatures.Penalties))
            _sampling.MarkSeen(chosen);
        var tokens = chosen.cpu().data<long>().ToArray();
        var wanted = sequences.Max(s => s.LogProbsWanted);
        var logProbs = logits is not null && wanted > 0 ? LogProbabilities.Of(logits, tokens, wanted) : null;
        var finished = new List<(Sequence, FinishReason)>();
        for (var i = 0; i < sequences.Length; i++)
        {
            var sequence = sequences[i];
            sequence.Cached(1);
            if (TakeToken(sequence, (int)tokens[i], logProbs?[i]) is { } reason)
                finished.Add((sequence, reason));
        }
        foreach (var (sequence, reason) in finished)
            Complete(sequence, reason);
    }

    /// <summary>The prompt is cached: choose the first token from its last position's (V) logits and join the batch.</summary>
    void FinishPrefill(Sequence sequence, Tensor logits)
    {
        _prefilling.Remove(sequence);
        var row = sequence.Row;
        var features = _sampling.FeaturesOf(row, 1);
        var position = tensor(new long[] { sequence.CachedLength }, device: logits.device);
        var chosen = BatchSampler.Choose(logits.unsqueeze(0), position, _sampling, features, row);
        if (features.HasFlag(SamplingFeatures.Penalties))
            _sampling.MarkSeen(chosen, row);
        var token = chosen.item<long>();
        var logProbs = sequence.LogProbsWanted > 0 ? LogProbabilities.Of(logits.unsqueeze(0), [token], sequence.LogProbsWanted)[0] : null;
        if (TakeToken(sequence, (int)token, logProbs) is { } reason)
            Complete(sequence, reason);
        else
            _rows.StartDecoding(sequence);
    }

    void Fail(IEnumerable<Sequence> sequences, Exception e)
    {
        var live = sequences.Where(s => s.Row >= 0 && _rows[s.Row] == s).ToList();
        _metrics.Errors(live.Count);
        foreach (var sequence in live)
            Complete(sequence, FinishReason.Error, e.Message);
    }

    FinishReason? TakeToken(Sequence sequence, int token, TokenLogProbs? logProbs = null)
    {
        _metrics.Token(sequence, Stopwatch.GetTimestamp());
        return sequence.Accept(token, _model.Config.EosTokenId, _pool.Capacity, logProbs);
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

    public void Dispose()
    {
        _graphs?.Dispose();
        _step.Dispose();
        _sampling.Dispose();
        _pool.Dispose();
    }
}
