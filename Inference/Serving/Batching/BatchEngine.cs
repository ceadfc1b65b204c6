using System.Diagnostics;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// One step of continuous batching, run on the device thread: drop cancelled sequences, admit waiting
/// ones into free rows (reusing a cached prefix of the story where there is one), prefill at most one
/// prompt chunk, then decode one token for every decoding sequence in a single batched forward.
/// </summary>
internal sealed partial class BatchEngine : IDisposable
{
    readonly Gpt2Model _model;
    readonly KeyValueCachePool _pool;
    readonly RowTable _rows;
    readonly PrefixCache _prefixes = new();
    readonly List<Sequence> _prefilling = [];
    readonly WaitingQueue _queue;
    readonly WorkerMetrics _metrics;
    readonly int _chunkTokens;
    readonly ILogger _logger;
    long _clock;
    long _prefilled;
    long _reused;
    long _usedPositions;

    public BatchEngine(Gpt2Model model, WaitingQueue queue, WorkerMetrics metrics, int slots, int capacity, int chunkTokens, ILogger logger)
    {
        _logger = logger;
        _model = model;
        _queue = queue;
        _metrics = metrics;
        _chunkTokens = chunkTokens;
        _pool = new KeyValueCachePool(model.Config, slots, capacity, model.Device, model.DType);
        _rows = new RowTable(_pool);
    }

    public int DecodingCount => _rows.DecodingCount;

    public int PrefillingCount => _prefilling.Count;

    public bool HasWork => _rows.DecodingCount > 0 || _prefilling.Count > 0;

    public long PromptTokensPrefilled => Interlocked.Read(ref _prefilled);

    public long PromptTokensReused => Interlocked.Read(ref _reused);

    /// <summary>Positions held by live and prefix-cached sequences, as of the last step.</summary>
    public long UsedPositions => Interlocked.Read(ref _usedPositions);

    public long CapacityPositions => (long)_pool.Slots * _pool.Capacity;

    /// <summary>Runs one step; call inside a dispose scope, under no_grad.</summary>
    public void Step()
    {
        DropCancelled();
        Admit();
        var tokens = _prefilling.Count > 0 && _rows.DecodingCount > 0 ? DecodeWithPrefill() : PrefillOneChunk() + DecodeOnce();
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
            Sampler sampler;
            try
            {
                sampler = new Sampler(sequence.Request.Sampling, _model.Device);
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
            sequence.Admit(row, reused, sampler);
            Interlocked.Add(ref _reused, reused);
            _metrics.Admitted(sequence);
            _prefilling.Add(sequence);
        }
    }

    /// <summary>Chooses and hands over each decoding row's token from (B, V) logits; finished rows leave.</summary>
    void TakeDecodedTokens(Sequence[] sequences, Tensor logits)
    {
        var argmax = sequences.Any(s => s.IsPlainArgmax) ? logits.argmax(1).cpu().data<long>().ToArray() : null;
        var finished = new List<(Sequence, FinishReason)>();
        for (var i = 0; i < sequences.Length; i++)
        {
            var sequence = sequences[i];
            sequence.Cached(1);
            var token = argmax is not null && sequence.IsPlainArgmax ? (int)argmax[i] : sequence.Sampler!.Next(logits[i], sequence.Context);
            if (TakeToken(sequence, token) is { } reason)
                finished.Add((sequence, reason));
        }
        foreach (var (sequence, reason) in finished)
            Complete(sequence, reason);
    }

    /// <summary>The prompt is cached: choose the first token from its last position's (V) logits and join the batch.</summary>
    void FinishPrefill(Sequence sequence, Tensor logits)
    {
        _prefilling.Remove(sequence);
        var token = sequence.Sampler!.Next(logits, sequence.Context);
        if (TakeToken(sequence, token) is { } reason)
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

    FinishReason? TakeToken(Sequence sequence, int token)
    {
        _metrics.Token(sequence, Stopwatch.GetTimestamp());
        return sequence.Accept(token, _model.Config.EosTokenId, _pool.Capacity);
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

    public void Dispose() => _pool.Dispose();
}
