using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The step's forward passes: prompt chunks (of one prompt or several) with the decoding rows riding in the
/// same pass, prompt chunks alone, or the decode alone through the static <see cref="DecodeStep"/>.
/// </summary>
internal sealed partial class BatchEngine
{
    /// <summary>
    /// The waiting prompts' chunks this step prefills, in admission order, as many tokens as it has room for:
    /// without a budget across several prompts, under one from the first prompt only.
    /// </summary>
    List<PromptChunk> PlanPrefill()
    {
        var chunks = new List<PromptChunk>();
        var room = _settings.PrefillRoom(_rows.DecodingCount);
        foreach (var sequence in _prefilling)
        {
            if (room <= 0)
                break;
            var count = _settings.ChunkFor(sequence.Prompt.Length - sequence.CachedLength, room);
            chunks.Add(new PromptChunk(sequence, sequence.CachedLength, count));
            room -= count;
            // Under a budget (the CPU) one prompt a step: letting the room spill into a second prompt made
            // the bench's ITL p99 at 8 streams worse (143–153 ms against 118–128 ms), for no clear speedup.
            if (_settings.StepTokenBudget > 0)
                break;
        }
        return chunks;
    }

    /// <summary>
    /// Prefills <paramref name="chunks"/> and decodes <paramref name="decoding"/> (possibly none) in one forward
    /// pass, so new prompts cost the players already reading little more than their share of one step (chunked
    /// prefill riding along with the decode, as Sarathi and vLLM do).
    /// </summary>
    /// <returns>The tokens chosen.</returns>
    int RunPass(Sequence[] decoding, List<PromptChunk> chunks)
    {
        var batch = decoding.Length;
        Tensor logits;
        try
        {
            logits = Forward(decoding, chunks); // (B + completed prompts, V)
            if (batch > 0)
                _step.Choose(logits.narrow(0, 0, batch), _sampling.FeaturesOf(batch));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            if (chunks.Count + (batch > 0 ? 1 : 0) == 1)
            {
                Fail(decoding.Concat(chunks.Select(c => c.Sequence)), e);
                return 0;
            }
            // Nothing was counted yet and a retry rewrites the same positions: run the parts apart, so only
            // the part at fault fails its requests.
            InferenceWorkerLog.FusedStepFailed(_logger, e);
            return (batch > 0 ? DecodeOnce() : 0) + chunks.Sum(chunk => RunPass([], [chunk]));
        }
        foreach (var chunk in chunks)
        {
            chunk.Sequence.Cached(chunk.Count);
            Interlocked.Add(ref _prefilled, chunk.Count);
        }
        if (batch > 0)
            TakeDecodedTokens(decoding, logits.narrow(0, 0, batch));
        var completed = chunks.Where(c => c.Completes).ToArray();
        for (var i = 0; i < completed.Length; i++)
            FinishPrefill(completed[i].Sequence, logits[batch + i]);
        return batch + completed.Length;
    }

    /// <summary>(B + P, V) logits: one per decoding row, then one per chunk that completes its prompt.</summary>
    Tensor Forward(Sequence[] decoding, List<PromptChunk> chunks)
    {
        var batch = decoding.Length;
        var ids = new List<Tensor>();
        var positions = new List<Tensor>();
        var wanted = Enumerable.Range(0, batch).Select(i => (long)i).ToList();
        IKeyValueCache? decodeCache = null;
        Tensor? decodeMask = null;
        if (batch > 0)
        {
            var length = decoding.Max(s => s.CachedLength) + 1;
            _step.Load(decoding, batch);
            ids.Add(_step.Ids(batch));
            positions.Add(_step.Positions(batch));
            (decodeCache, decodeMask) = (_step.Cache(batch, length), _step.Mask(batch, length));
        }
        var parts = new List<(int, IKeyValueCache, Tensor)>(chunks.Count);
        var total = batch;
        foreach (var chunk in chunks)
        {
            ids.Add(tensor(chunk.Ids, device: _model.Device));
            positions.Add(_model.Positions(chunk.Offset, chunk.Count).view(chunk.Count));
            parts.Add((chunk.Count, _pool.ForPrefill(chunk.Sequence.Row, chunk.Offset), CausalMaskAfter(chunk.Offset, chunk.Count)));
            total += chunk.Count;
            if (chunk.Completes)
                wanted.Add(total - 1); // the prompt's last token: its logits choose the first new one
        }
        var cache = new RaggedStepCache(batch, decodeCache, decodeMask, parts);
        var outputs = tensor(wanted.ToArray(), ScalarType.Int64, _model.Device);
        return _model.Forward(cat(ids, 0).view(1, total), cat(positions, 0).view(1, total), cache, outputPositions: outputs)[0];
    }

    /// <summary>Decodes every decoding row through the static step: replayed as a CUDA graph, or run eagerly.</summary>
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
            Tensor? logits = null;
            if (sequences.Any(s => s.LogProbsWanted > 0))
            {
                // A replayed graph keeps its logits inside; a step that reports log-probabilities runs eagerly, so
                // they come from the very logits the sampler chose from.
                logits = _step.Logits(shapeBatch, shapeLength);
                _step.Choose(logits, _sampling.FeaturesOf(shapeBatch));
            }
            else if (_graphs is not null)
                RunGraph(shapeBatch, shapeLength);
            else
                _step.Run(shapeBatch, shapeLength, _sampling.FeaturesOf(shapeBatch));
            TakeDecodedTokens(sequences, logits?.narrow(0, 0, batch));
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
        catch (GraphDecodingException e)
        {
            // A step that cannot be captured still runs: eagerly, from now on.
            InferenceWorkerLog.GraphsFailed(_logger, e);
            _graphs!.Dispose();
            _graphs = null;
            _step.Run(batch, length, SamplingFeatures.All);
        }
    }

    Sequence[] Decoding() => Enumerable.Range(0, _rows.DecodingCount).Select(row => (Sequence)_rows[row]!).ToArray();

    /// <summary>(c, offset + c): chunk token i sees the cached positions and the chunk up to itself.</summary>
    Tensor CausalMaskAfter(int offset, int count) =>
        ones(count, offset + count, ScalarType.Bool, _model.Device).tril(offset);
}
