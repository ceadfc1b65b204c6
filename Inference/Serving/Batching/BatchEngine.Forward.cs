using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>The step's forward passes: a prompt chunk alone, the decode alone, or both in one pass.</summary>
internal sealed partial class BatchEngine
{
    /// <returns>1 when the chunk finished a prompt and chose its first token, else 0.</returns>
    int PrefillOneChunk()
    {
        if (_prefilling.Count == 0)
            return 0;
        var sequence = _prefilling[0];
        try
        {
            var offset = sequence.CachedLength;
            var count = _settings.ChunkFor(sequence.Prompt.Length - offset, _rows.DecodingCount);
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
            var (shapeBatch, shapeLength) = _buckets.For(batch, sequences.Max(s => s.CachedLength) + 1);
            _step.Load(sequences, shapeBatch);
            if (_graphs is not null)
                RunGraph(shapeBatch, shapeLength);
            else
                _step.Run(shapeBatch, shapeLength, _sampling.FeaturesOf(shapeBatch));
            TakeDecodedTokens(sequences);
            return batch;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail(sequences, e);
            return 0;
        }
    }

    void RunGraph(int batch, int length)
    {
        try
        {
            _graphs!.Run(batch, length);
        }
        catch (InvalidOperationException e)
        {
            // A step that cannot be captured still runs: eagerly, from now on.
            InferenceWorkerLog.GraphsFailed(_logger, e);
            _graphs!.Dispose();
            _graphs = null;
            _step.Run(batch, length, SamplingFeatures.All);
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
        var count = _settings.ChunkFor(prefilling.Prompt.Length - offset, batch);
        var completes = offset + count == prefilling.Prompt.Length;
        var length = sequences.Max(s => s.CachedLength) + 1;
        Tensor logits;
        try
        {
            _step.Load(sequences, batch);
            var chunkIds = tensor(prefilling.Prompt.Skip(offset).Take(count).Select(t => (long)t).ToArray(), device: _model.Device);
            var allIds = cat([_step.Ids(batch), chunkIds]).view(1, batch + count);
            var allPositions = cat([_step.Positions(batch), _model.Positions(offset, count).view(count)]).view(1, batch + count);
            // Logits for each decoding row, and for the chunk's last token when it ends the prompt.
            var wantedRows = Enumerable.Range(0, batch).Select(i => (long)i);
            var wanted = tensor((completes ? wantedRows.Append(batch + count - 1) : wantedRows).ToArray(), device: _model.Device);
            var cache = new DecodeWithPrefillCache(_step.Cache(batch, length), _step.Mask(batch, length), batch,
                _pool.ForPrefill(prefilling.Row, offset), CausalMaskAfter(offset, count));
            logits = _model.Forward(allIds, allPositions, cache, outputPositions: wanted)[0]; // (B or B + 1, V)
            _step.Choose(logits.narrow(0, 0, batch), _sampling.FeaturesOf(batch));
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
        TakeDecodedTokens(sequences);
        if (!completes)
            return batch;
        FinishPrefill(prefilling, logits[batch]);
        return batch + 1;
    }

    Sequence[] Decoding() => Enumerable.Range(0, _rows.DecodingCount).Select(row => (Sequence)_rows[row]!).ToArray();

    /// <summary>(c, offset + c): chunk token i sees the cached positions and the chunk up to itself.</summary>
    Tensor CausalMaskAfter(int offset, int count) =>
        ones(count, offset + count, ScalarType.Bool, _model.Device).tril(offset);
}
