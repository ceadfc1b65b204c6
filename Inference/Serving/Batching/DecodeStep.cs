using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The decode step with static shapes, for rows 0..B−1 of the pool attending keys 0..S−1. Each row's last
/// token and position come from fixed input buffers, its new key and value go in place at its position
/// (a padding row's at the pool's scratch position), attention runs over all S keys with a mask, and the
/// next tokens are chosen on the device into a fixed output buffer. Nothing in <see cref="Run"/> reads the
/// host or depends on tensor data, so the same code runs eagerly and inside a captured CUDA graph.
/// </summary>
internal sealed class DecodeStep : IDisposable
{
    readonly Gpt2Model _model;
    readonly KeyValueCachePool _pool;
    readonly SamplingRows _sampling;
    readonly Tensor _ids;
    readonly Tensor _positions;
    readonly Tensor _tokens;
    readonly bool _batchInvariant;

    /// <param name="model">The model, prepared for inference.</param>
    /// <param name="pool">The KV-cache pool whose rows the steps decode.</param>
    /// <param name="sampling">The rows' sampling settings.</param>
    /// <param name="batchInvariant">Every step's products the same kernel's whatever its rows (<see cref="InferenceOptions.BatchInvariant"/>).</param>
    public DecodeStep(Gpt2Model model, KeyValueCachePool pool, SamplingRows sampling, bool batchInvariant = false)
    {
        _model = model;
        _batchInvariant = batchInvariant;
        _pool = pool;
        _sampling = sampling;
        _ids = zeros(pool.Slots, ScalarType.Int64, model.Device).DetachFromDisposeScope(); // (N)
        _positions = zeros(pool.Slots, ScalarType.Int64, model.Device).DetachFromDisposeScope();
        _tokens = zeros(pool.Slots, ScalarType.Int64, model.Device).DetachFromDisposeScope();
    }

    /// <summary>
    /// Writes the inputs of a step <paramref name="batch"/> rows wide: the decoding sequences' last tokens
    /// and positions, then padding rows up to the batch. Call inside a dispose scope.
    /// </summary>
    public void Load(IReadOnlyList<Sequence> sequences, int batch) =>
        LoadRows(sequences.Select(s => ((long)s.LastToken, s.CachedLength)).ToArray(), batch);

    /// <summary>As <see cref="Load"/>, from each row's last token and the position it goes to.</summary>
    public void LoadRows(IReadOnlyList<(long LastToken, int Position)> rows, int batch)
    {
        var ids = new long[batch];
        var positions = new long[batch];
        for (var row = 0; row < batch; row++)
        {
            ids[row] = row < rows.Count ? rows[row].LastToken : 0;
            positions[row] = row < rows.Count ? rows[row].Position : _pool.ScratchPosition;
        }
        _ids.narrow(0, 0, batch).copy_(tensor(ids, device: _model.Device));
        _positions.narrow(0, 0, batch).copy_(tensor(positions, device: _model.Device));
    }

    /// <summary>(B) each row's last token.</summary>
    public Tensor Ids(int batch) => _ids.narrow(0, 0, batch);

    /// <summary>(B) the position each row's token goes to.</summary>
    public Tensor Positions(int batch) => _positions.narrow(0, 0, batch);

    /// <summary>(B) the tokens the last step chose.</summary>
    public Tensor Tokens(int batch) => _tokens.narrow(0, 0, batch);

    /// <summary>(B, 1, 1, S): row b sees keys 0..position_b; later keys in its row are stale or empty.</summary>
    public Tensor Mask(int batch, int length) =>
        arange(length, device: _model.Device).view(1, length).le(Positions(batch).view(batch, 1)).view(batch, 1, 1, length);

    /// <summary>The pool's rows 0..B−1, written at each row's position and read over keys 0..S−1.</summary>
    public IKeyValueCache Cache(int batch, int length) => _pool.ForDecode(Positions(batch), length);

    /// <summary>(B) positions for the position embedding: a padding row's scratch position may lie past the model's window.</summary>
    public Tensor EmbeddedPositions(int batch) => Positions(batch).clamp_max(_model.Config.NPositions - 1);

    /// <summary>Runs the step: (B, V) logits, then each row's next token into <see cref="Tokens"/>.</summary>
    public void Run(int batch, int length, SamplingFeatures features) => Choose(Logits(batch, length), features);

    /// <summary>The model over rows 0..B−1's loaded tokens: (B, V) logits; writes their keys and values.</summary>
    public Tensor Logits(int batch, int length) =>
        _model.Forward(Ids(batch).view(batch, 1), EmbeddedPositions(batch).view(batch, 1), Cache(batch, length), Mask(batch, length), decoding: true, batchInvariant: _batchInvariant).squeeze(1);

    /// <summary>Chooses rows 0..B−1's next tokens from their (B, V) logits into <see cref="Tokens"/>.</summary>
    public void Choose(Tensor logits, SamplingFeatures features)
    {
        var batch = (int)logits.size(0);
        // A draw is keyed by the position of the token it chooses: one past the input's.
        Tokens(batch).copy_(BatchSampler.Choose(logits, Positions(batch) + 1, _sampling, features));
    }

    public void Dispose()
    {
        _ids.Dispose();
        _positions.Dispose();
        _tokens.Dispose();
    }
}
