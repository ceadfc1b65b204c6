using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// GPT-2 as nanoGPT writes it: token and position embeddings, a stack of blocks, a final LayerNorm,
/// and an output layer tied to the token embedding. Parameter names match Hugging Face's checkpoints
/// without the <c>transformer.</c> prefix (<c>wte.weight</c>, <c>h.0.attn.c_attn.weight</c>, ...).
/// </summary>
public sealed class Gpt2Model : nn.Module
{
#pragma warning disable IDE1006 // Hugging Face's tensor names, so the code reads against the checkpoint.
    readonly Embedding wte;
    readonly Embedding wpe;
    readonly ModuleList<Block> h;
    readonly LayerNorm ln_f;
#pragma warning restore IDE1006

    // With int8 weights: the output layer's int8 copy of wte (wte itself stays for the embedding lookup), and
    // the blocks' int8 linear layers (owned by the blocks).
    Int8Linear? _lmHeadInt8;
    IReadOnlyList<Int8Linear> _int8Layers = [];

    public Gpt2Model(Gpt2Config config) : base(nameof(Gpt2Model))
    {
        Config = config;
        wte = nn.Embedding(config.VocabSize, config.NEmbd);
        wpe = nn.Embedding(config.NPositions, config.NEmbd);
        h = nn.ModuleList(Enumerable.Range(0, config.NLayer).Select(_ => new Block(config)).ToArray());
        ln_f = nn.LayerNorm(config.NEmbd, config.LayerNormEpsilon);
        RegisterComponents();
    }

    public Gpt2Config Config { get; }

    /// <summary>The device the weights live on.</summary>
    public Device Device => wte.weight!.device;

    /// <summary>The dtype the weights are stored in.</summary>
    public ScalarType DType => wte.weight!.dtype;

    /// <summary>The dtype of cached keys and values (<see cref="Attention.CacheDType"/>): the weights' where the CPU's attention kernel reads it, else float32.</summary>
    public ScalarType CacheDType => Attention.CacheDType(Device, DType);

    /// <summary>
    /// Runs the model over new positions.
    /// </summary>
    /// <param name="idx">(B, T) token ids.</param>
    /// <param name="positions">(B, T) absolute positions of those tokens.</param>
    /// <param name="cache">Keys and values of earlier positions; null to run whole sequences.</param>
    /// <param name="mask">(B, 1, T, S) true where a query may attend a key; null means causal.</param>
    /// <param name="lastPositionOnly">Compute logits for the last position only (prefill needs no more).</param>
    /// <param name="outputPositions">
    /// (P) indices along T whose logits are wanted (a ragged batch of several sequences' tokens needs a few);
    /// the output layer is a third of the weights, so the rest are not computed.
    /// </param>
    /// <param name="decoding">A decode step: each row's one next token after its cached ones.</param>
    /// <param name="batchInvariant">
    /// A bfloat16 model on the CPU runs every product of the pass through <see cref="BFloat16Linear"/> (prompts too), whose
    /// rows are summed each on its own, so a row's bits depend neither on the batch around it nor on how a prompt is cut
    /// into chunks (<see cref="InferenceOptions.BatchInvariant"/>). False: only a decode step's, up to
    /// <see cref="BFloat16Linear.MaxRows"/> rows; the rest are libtorch's.
    /// </param>
    /// <returns>(B, T, V) logits, (B, 1, V) with <paramref name="lastPositionOnly"/>, (B, P, V) with <paramref name="outputPositions"/>.</returns>
    public Tensor Forward(Tensor idx, Tensor positions, IKeyValueCache? cache = null, Tensor? mask = null, bool lastPositionOnly = false,
        Tensor? outputPositions = null, bool decoding = false, bool batchInvariant = true)
    {
        var (bfloat16Kernel, float32Kernel) = CpuKernels(); // a few native calls: read once a pass
        var kernelProducts = bfloat16Kernel && (batchInvariant || decoding);
        using var threads = bfloat16Kernel ? IntraOpThreads.ForBFloat16Pass(kernelProducts) : default;
        using var kernel = !kernelProducts ? default : batchInvariant ? BFloat16Linear.ForEveryRow() : BFloat16Linear.ForDecodeStep();
        using var float32Pass = float32Kernel ? Float32Linear.ForPass() : default;
        var x = ResidualStream(idx, positions, cache, mask);
        // ln_f works position by position, so it is applied after picking the positions: the same logits.
        if (outputPositions is not null)
            x = x.index_select(1, outputPositions);
        else if (lastPositionOnly)
            x = x.narrow(1, x.size(1) - 1, 1);
        if (_lmHeadInt8 is not null)
            return _lmHeadInt8.Forward(ln_f.forward(x));
        if (float32Kernel)
        {
            var normed = ln_f.forward(x);
            return Float32Linear.TryForward(normed, wte.weight!, null, everyRow: true) ?? nn.functional.linear(normed, wte.weight!);
        }
        return BFloat16Linear.TryForward(x, wte.weight!, null, norm: ln_f) ?? nn.functional.linear(ln_f.forward(x), wte.weight!);
    }

    /// <summary>
    /// Which CPU kernel a pass's products go through, gradients off: <see cref="BFloat16Linear"/> for bfloat16 weights,
    /// <see cref="Float32Linear"/> for float32 ones (not int8; a decode step's rows and the output layer), where the CPU
    /// runs it. libtorch keeps its threads beside the float32 kernel: a decode step gives it no op large enough to start them.
    /// </summary>
    (bool BFloat16, bool Float32) CpuKernels()
    {
        if (Device.type != DeviceType.CPU || is_grad_enabled())
            return (false, false);
        var dtype = DType;
        return (dtype == ScalarType.BFloat16 && BFloat16Kernel.IsSupported,
            dtype == ScalarType.Float32 && !HasInt8Weights && Float32Linear.IsSupported);
    }

    /// <summary>The final hidden states, (B, T, C), after <c>ln_f</c> and before the output layer.</summary>
    public Tensor Hidden(Tensor idx, Tensor positions, IKeyValueCache? cache = null, Tensor? mask = null) =>
        ln_f.forward(ResidualStream(idx, positions, cache, mask));

    /// <summary>The residual stream after the last block, (B, T, C), before <c>ln_f</c>.</summary>
    Tensor ResidualStream(Tensor idx, Tensor positions, IKeyValueCache? cache, Tensor? mask)
    {
        var x = wte.forward(idx) + wpe.forward(positions); // (B, T, C)
        for (var layer = 0; layer < h.Count; layer++)
            x = h[layer].Forward(x, layer, cache, mask);
        return x;
    }

    /// <summary>
    /// Bytes of weights one decode step reads: every parameter but the position embedding (of which it reads
    /// a row), the output layer counted once (the tied embedding).
    /// With int8 weights: the int8 matrices (the output layer's included) and the float parameters left, less the
    /// token embedding, of which a step reads a row.
    /// </summary>
    public long DecodeWeightBytes => parameters().Sum(p => p.NumberOfElements * p.ElementSize) - Bytes(wpe.weight!)
        + (HasInt8Weights ? _int8Layers.Sum(layer => layer.Matrix.Bytes) + _lmHeadInt8!.Matrix.Bytes - Bytes(wte.weight!) : 0);

    /// <summary>Bytes the weights take in memory: the float parameters and the int8 matrices (the output layer's copy of wte included).</summary>
    public long WeightBytes => parameters().Sum(Bytes) + _int8Layers.Sum(layer => layer.Matrix.Bytes) + (_lmHeadInt8?.Matrix.Bytes ?? 0);

    /// <summary>The model's parameters, those held as int8 included (the tied output layer counted once, as GPT-2 counts it).</summary>
    public long ParameterCount => parameters().Sum(p => p.NumberOfElements)
        + _int8Layers.Sum(layer => (long)layer.OutFeatures * layer.InFeatures + (layer.Matrix.HasBias ? layer.OutFeatures : 0));

    /// <summary>Whether the linear layers and the output layer run on int8 weights (<see cref="PrepareForInference(bool)"/>).</summary>
    public bool HasInt8Weights => _lmHeadInt8 is not null;

    static long Bytes(Tensor t) => t.NumberOfElements * t.ElementSize;

    /// <summary>The token embedding, which is also the output layer's weight (tied).</summary>
    public Tensor TokenEmbedding => wte.weight!;

    /// <summary>Positions <c>start .. start + count − 1</c> as a (1, count) tensor on the model's device.</summary>
    public Tensor Positions(long start, long count) => arange(start, start + count, dtype: ScalarType.Int64, device: Device).unsqueeze(0);

    /// <summary>
    /// Switches to inference: eval mode; with <paramref name="int8Weights"/>, the linear layers' and the output layer's
    /// weights quantized to int8 (<see cref="Int8Matrix"/>; the float copies of the linear layers are freed, so the model
    /// can no longer be trained or saved).
    /// </summary>
    public Gpt2Model PrepareForInference(bool int8Weights = false)
    {
        eval();
        if (int8Weights || HasInt8Weights)
        {
            if (Device.type != DeviceType.CPU || DType != ScalarType.Float32)
                throw new InvalidOperationException("int8 weights are a CPU format over float32 activations; use float16 on CUDA.");
            using var _ = no_grad();
            if (_lmHeadInt8 is null)
            {
                _int8Layers = [.. h.SelectMany(block => block.QuantizeWeights())];
                _lmHeadInt8 = new Int8Linear(wte.weight!, null);
            }
        }
        return this;
    }

    /// <summary>Fills every weight as GPT-2's initialisation does (for training from scratch and for speed work).</summary>
    public Gpt2Model InitialiseRandomly(long seed)
    {
        using var _ = no_grad();
        var generator = new Generator((ulong)seed);
        var residualScale = 0.02 / Math.Sqrt(2 * Config.NLayer);
        foreach (var (name, parameter) in named_parameters())
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
                parameter.zero_();
            else if (name.Contains("ln_", StringComparison.Ordinal))
                parameter.fill_(1.0);
            else
                parameter.normal_(0, name.EndsWith("c_proj.weight", StringComparison.Ordinal) ? residualScale : 0.02, generator);
        }
        return this;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _lmHeadInt8?.Dispose();
        base.Dispose(disposing);
    }
}
