using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving.Scheduling;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Runs the model for the <see cref="BatchEngine"/>: owns the KV-cache pool, the per-row sampling settings and the
/// static <see cref="DecodeStep"/>, and executes the passes of a step: prompt chunks (of one prompt or several) with
/// the decoding rows riding in the same pass, or the decode alone, replayed as a CUDA graph where graphs are
/// available and run eagerly elsewhere. It chooses the tokens on the device and hands them back; what they mean
/// for their sequences (text, stops, the end) is the engine's and its output processors' business. Call on the
/// device thread, inside the step's dispose scope, under no_grad.
/// </summary>
internal sealed class ModelRunner : IDisposable
{
    readonly Gpt2Model _model;
    readonly DecodeStep _step;
    readonly DecodeBuckets _buckets;
    readonly ILogger _logger;
    readonly bool _batchInvariant;
    DecodeGraphs? _graphs;

    /// <param name="model">The model, prepared for inference, on its device.</param>
    /// <param name="settings">The pool's rows and positions, whether decode steps are padded, and whether the decoding rows of a step that carries prompt chunks keep a decode step's products.</param>
    /// <param name="graphs">Capture decode steps as CUDA graphs (the caller has checked that they are available).</param>
    /// <param name="logger">Where graph failures are logged.</param>
    public ModelRunner(Gpt2Model model, EngineSettings settings, bool graphs, ILogger logger)
    {
        _model = model;
        _logger = logger;
        _batchInvariant = settings.BatchInvariant;
        Pool = new KeyValueCachePool(model.Config, settings.Slots, settings.Capacity, model.Device, model.CacheDType);
        Sampling = new SamplingRows(settings.Slots, model.Config.VocabSize, model.Device);
        _step = new DecodeStep(model, Pool, Sampling, settings.BatchInvariant);
        _buckets = new DecodeBuckets(settings.Slots, settings.Capacity, graphs || settings.PadDecodeSteps);
        _graphs = graphs ? new DecodeGraphs(_step, model.Device) : null;
    }

    public KeyValueCachePool Pool { get; }

    public SamplingRows Sampling { get; }

    /// <summary>CUDA graphs captured so far (0 where decoding runs eagerly).</summary>
    public int CapturedGraphs => _graphs?.Count ?? 0;

    /// <summary>Prompt chunks ride in the decode's pass (eager decoding); with graphs, which replay the decode alone, they run apart.</summary>
    public bool ChunksRideAlong => _graphs is null;

    /// <summary>
    /// Runs a prompt chunk of <paramref name="chunkTokens"/> and a decode step at the batch sizes the runner runs (its
    /// buckets where steps are padded; else every size up to 16, then every 8th), once. It writes row 0's first positions and every row's next one, which
    /// nobody reads: each sequence prefills its own positions before attending over them, and a decode step masks
    /// what lies past a row's position.
    /// </summary>
    /// <returns>The shapes run.</returns>
    public int WarmUp(int chunkTokens)
    {
        using var scope = NewDisposeScope();
        var chunk = Math.Min(chunkTokens, Pool.Capacity - 1);
        var ids = zeros(1, chunk, ScalarType.Int64, _model.Device);
        _model.Forward(ids, _model.Positions(0, chunk), Pool.ForPrefill(0, 0), Attention.CausalMask(chunk, chunk, _model.Device), lastPositionOnly: true);
        var shapes = 1;
        // Every batch size up to 16, then every 8th: with a pool sized from memory (64 rows of the bundled model) warming
        // all 64 took 6.2 s at start under load; a size left out pays its slower first pass once, on one step.
        var batches = Enumerable.Range(1, Pool.Slots).Select(b => _buckets.For(b, chunk + 1).Batch).Distinct()
            .Where(b => b <= 16 || b % 8 == 0 || b == Pool.Slots).ToList();
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

    /// <summary>
    /// Prefills <paramref name="chunks"/> and decodes <paramref name="decoding"/> (possibly none) in one forward pass, so
    /// new prompts cost the players already reading little more than their share of one step (chunked prefill riding
    /// along with the decode, as Sarathi and vLLM do). Nothing is counted on the sequences: a failed pass can be retried.
    /// </summary>
    public PassOutput Pass(Sequence[] decoding, IReadOnlyList<PromptChunk> chunks)
    {
        var batch = decoding.Length;
        var logits = Forward(decoding, chunks); // (B + completed prompts, V)
        var decoded = Array.Empty<ChosenToken>();
        if (batch > 0)
        {
            var decodeLogits = logits.narrow(0, 0, batch);
            _step.Choose(decodeLogits, Sampling.FeaturesOf(batch));
            decoded = TakeDecoded(decoding, decodeLogits);
        }
        var completed = chunks.Where(c => c.Completes).ToArray();
        var first = new ChosenToken[completed.Length];
        for (var i = 0; i < completed.Length; i++)
            first[i] = ChooseFirst(completed[i].Sequence, logits[batch + i]);
        return new PassOutput(decoded, first);
    }

    /// <summary>Decodes <paramref name="sequences"/> (rows 0..B−1) through the static step: replayed as a CUDA graph, or run eagerly.</summary>
    public PassOutput Decode(Sequence[] sequences)
    {
        var batch = sequences.Length;
        var (shapeBatch, shapeLength) = _buckets.For(batch, sequences.Max(s => s.CachedLength) + 1);
        _step.Load(sequences, shapeBatch);
        Tensor? logits = null;
        if (sequences.Any(s => s.LogProbsWanted > 0))
        {
            // A replayed graph keeps its logits inside; a step that reports log-probabilities runs eagerly, so
            // they come from the very logits the sampler chose from.
            logits = _step.Logits(shapeBatch, shapeLength);
            _step.Choose(logits, Sampling.FeaturesOf(shapeBatch));
        }
        else if (_graphs is not null)
            RunGraph(shapeBatch, shapeLength);
        else
            _step.Run(shapeBatch, shapeLength, Sampling.FeaturesOf(shapeBatch));
        return new PassOutput(TakeDecoded(sequences, logits?.narrow(0, 0, batch)), []);
    }

    /// <summary>The decoding rows' tokens (chosen on the device, in <see cref="DecodeStep.Tokens"/>), marked as seen.</summary>
    ChosenToken[] TakeDecoded(Sequence[] sequences, Tensor? logits)
    {
        var chosen = _step.Tokens(sequences.Length);
        if (Sampling.FeaturesOf(sequences.Length).HasFlag(SamplingFeatures.Penalties))
            Sampling.MarkSeen(chosen);
        var tokens = chosen.cpu().data<long>().ToArray();
        var wanted = sequences.Max(s => s.LogProbsWanted);
        var logProbs = logits is not null && wanted > 0 ? LogProbabilities.Of(logits, tokens, wanted) : null;
        return sequences.Select((s, i) => new ChosenToken(s, (int)tokens[i], logProbs?[i])).ToArray();
    }

    /// <summary>The prompt is cached: choose the first token from its last position's (V) logits, minus the request's banned first tokens.</summary>
    ChosenToken ChooseFirst(Sequence sequence, Tensor logits)
    {
        var row = sequence.Row;
        var features = Sampling.FeaturesOf(row, 1);
        var position = tensor(new long[] { sequence.Prompt.Length }, device: logits.device);
        var allowed = FirstTokenBan.Apply(logits.unsqueeze(0), sequence.Request.BannedFirstTokens); // (1, V)
        var chosen = BatchSampler.Choose(allowed, position, Sampling, features, row);
        if (features.HasFlag(SamplingFeatures.Penalties))
            Sampling.MarkSeen(chosen, row);
        var token = chosen.item<long>();
        // Log-probabilities are those of the model's logits, before any ban, as for every other token.
        var logProbs = sequence.LogProbsWanted > 0 ? LogProbabilities.Of(logits.unsqueeze(0), [token], sequence.LogProbsWanted)[0] : null;
        return new ChosenToken(sequence, (int)token, logProbs);
    }

    /// <summary>(B + P, V) logits: one per decoding row, then one per chunk that completes its prompt.</summary>
    Tensor Forward(Sequence[] decoding, IReadOnlyList<PromptChunk> chunks)
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
            parts.Add((chunk.Count, Pool.ForPrefill(chunk.Sequence.Row, chunk.Offset), Attention.CausalMask(chunk.Count, chunk.Offset + chunk.Count, _model.Device)));
            total += chunk.Count;
            if (chunk.Completes)
                wanted.Add(total - 1); // the prompt's last token: its logits choose the first new one
        }
        var cache = new RaggedStepCache(batch, decodeCache, decodeMask, parts);
        var outputs = tensor(wanted.ToArray(), ScalarType.Int64, _model.Device);
        return _model.Forward(cat(ids, 0).view(1, total), cat(positions, 0).view(1, total), cache, outputPositions: outputs, batchInvariant: _batchInvariant)[0];
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

    public void Dispose()
    {
        _graphs?.Dispose();
        _step.Dispose();
        Sampling.Dispose();
        Pool.Dispose();
    }
}
