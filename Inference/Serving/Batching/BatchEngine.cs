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
internal sealed class BatchEngine : IDisposable
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
            var (entry, reused) = sequence.Request.Key.Length > 0 ? _prefixes.Take(sequence.Request.Key, sequence.Prompt) : (null, 0);
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

    /// <returns>1 when the chunk finished a prompt and chose its first token, else 0.</returns>
    int PrefillOneChunk()
    {
        if (_prefilling.Count == 0)
            return 0;
        var sequence = _prefilling[0];
        try
        {
            var offset = sequence.CachedLength;
            var count = Math.Min(_chunkTokens, sequence.Prompt.Length - offset);
            var ids = tensor(sequence.Prompt.Skip(offset).Take(count).Select(t => (long)t).ToArray(), device: _model.Device).view(1, count);
            var logits = _model.Forward(ids, _model.Positions(offset, count), _pool.ForPrefill(sequence.Row, offset), lastPositionOnly: true); // (1, 1, V)
            sequence.Cached(count);
            Interlocked.Add(ref _prefilled, count);
            if (sequence.CachedLength < sequence.Prompt.Length)
                return 0;
            FinishPrefill(sequence, logits[0, 0]);
            return 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail([sequence], e);
            return 0;
        }
    }

    /// <returns>The tokens chosen.</returns>
    int DecodeOnce()
    {
        var batch = _rows.DecodingCount;
        if (batch == 0)
            return 0;
        var sequences = Decoding();
        try
        {
            var (ids, positions, attend, mask) = DecodeInputs(sequences);
            var logits = _model.Forward(ids.view(batch, 1), positions.view(batch, 1), _pool.ForDecode(positions, attend), mask).squeeze(1); // (B, V)
            TakeDecodedTokens(sequences, logits);
            return batch;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(sequences, e);
            return 0;
        }
    }

    /// <summary>
    /// Decodes every decoding row and prefills one chunk of the next prompt in a single forward pass, so a
    /// long prompt costs the others little more than its share of one step (chunked prefill riding along
    /// with the decode, as Sarathi and vLLM do).
    /// </summary>
    /// <returns>The tokens chosen.</returns>
    int DecodeWithPrefill()
    {
        var sequences = Decoding();
        var prefilling = _prefilling[0];
        var batch = sequences.Length;
        var offset = prefilling.CachedLength;
        var count = Math.Min(_chunkTokens, prefilling.Prompt.Length - offset);
        var completes = offset + count == prefilling.Prompt.Length;
        Tensor logits;
        try
        {
            var (ids, positions, attend, mask) = DecodeInputs(sequences);
            var chunkIds = tensor(prefilling.Prompt.Skip(offset).Take(count).Select(t => (long)t).ToArray(), device: _model.Device);
            var allIds = cat([ids, chunkIds]).view(1, batch + count);
            var allPositions = cat([positions, _model.Positions(offset, count).view(count)]).view(1, batch + count);
            // Logits for each decoding row, and for the chunk's last token when it ends the prompt.
            var wantedRows = Enumerable.Range(0, batch).Select(i => (long)i);
            var wanted = tensor((completes ? wantedRows.Append(batch + count - 1) : wantedRows).ToArray(), device: _model.Device);
            var cache = new DecodeWithPrefillCache(_pool.ForDecode(positions, attend), mask, batch,
                _pool.ForPrefill(prefilling.Row, offset), CausalMaskAfter(offset, count));
            logits = _model.Forward(allIds, allPositions, cache, outputPositions: wanted)[0]; // (B or B + 1, V)
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing was counted yet and a retry rewrites the same positions: run the parts apart, so only
            // the part at fault fails its requests.
            InferenceWorkerLog.FusedStepFailed(_logger, e);
            return PrefillOneChunk() + DecodeOnce();
        }
        prefilling.Cached(count);
        Interlocked.Add(ref _prefilled, count);
        TakeDecodedTokens(sequences, logits.narrow(0, 0, batch));
        if (!completes)
            return batch;
        FinishPrefill(prefilling, logits[batch]);
        return batch + 1;
    }

    Sequence[] Decoding() => Enumerable.Range(0, _rows.DecodingCount).Select(row => (Sequence)_rows[row]!).ToArray();

    /// <summary>Each row's last token (B) and position (B), the keys to attend (S) and the (B, 1, 1, S) mask.</summary>
    (Tensor Ids, Tensor Positions, int Attend, Tensor Mask) DecodeInputs(Sequence[] sequences)
    {
        var batch = sequences.Length;
        var ids = tensor(sequences.Select(s => (long)s.LastToken).ToArray(), device: _model.Device);
        var positions = tensor(sequences.Select(s => (long)s.CachedLength).ToArray(), device: _model.Device);
        var attend = sequences.Max(s => s.CachedLength) + 1;
        // Row b sees keys 0..position_b; later keys in its row are stale or empty.
        var mask = arange(attend, device: _model.Device).view(1, attend).le(positions.view(batch, 1)).view(batch, 1, 1, attend);
        return (ids, positions, attend, mask);
    }

    /// <summary>(c, offset + c): chunk token i sees the cached positions and the chunk up to itself.</summary>
    Tensor CausalMaskAfter(int offset, int count) =>
        ones(count, offset + count, ScalarType.Bool, _model.Device).tril(offset);

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
