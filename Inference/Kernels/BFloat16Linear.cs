using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// A bfloat16 linear layer (<c>y = x · Wᵀ + b</c>) on the CPU through <see cref="BFloat16Kernel"/>, for the passes that
/// say so (<see cref="ForEveryRow"/>, <see cref="ForDecodeStep"/>): the products summed in float32, the bias added and
/// each output rounded to bfloat16 (to nearest, ties to even, as libtorch rounds), so the layer gives what libtorch's
/// bfloat16 <c>linear</c> gives up to the order of the sums. The kernel sums every row on its own, so a row's bits do not
/// depend on the rows beside it: a decode step's rows, a prompt's, a prompt cut into other chunks. Training keeps libtorch.
/// </summary>
public static unsafe class BFloat16Linear
{
    /// <summary>The most rows (positions over the whole batch) a <see cref="ForDecodeStep"/> pass takes this way: at 16, libtorch's products were faster on a Zen 5.</summary>
    public const int MaxRows = 8;

    /// <summary>
    /// Rows multiplied at a time when a pass has more (a long prompt's chunk): their inputs and float32 sums stay in the
    /// cache while each tile of weights serves them all, and every row gets the bits it gets alone.
    /// </summary>
    internal const int RowBlock = 128;

    [ThreadStatic]
    static float[]? t_outputs;

    [ThreadStatic]
    static ushort[]? t_normed;

    [ThreadStatic]
    static int t_maxRows;

    /// <summary>
    /// Marks this thread's pass, until disposed, as one whose products all go this way, however many its rows (a decode
    /// step, a prompt chunk, both in one step): what <see cref="Model.Gpt2Model.Forward"/> does for a bfloat16 model on
    /// the CPU by default (<see cref="InferenceOptions.BatchInvariant"/>).
    /// </summary>
    public static KernelScope ForEveryRow() => ForRows(int.MaxValue);

    /// <summary>
    /// Marks this thread's pass as a decode step until disposed: its rows go this way up to <see cref="MaxRows"/>, past
    /// which they are libtorch's (<see cref="InferenceOptions.BatchInvariant"/> off). Outside this and
    /// <see cref="ForEveryRow"/> nothing does.
    /// </summary>
    public static KernelScope ForDecodeStep() => ForRows(MaxRows);

    static KernelScope ForRows(int maxRows)
    {
        var outer = t_maxRows;
        t_maxRows = maxRows;
        return new KernelScope(outer);
    }

    /// <summary>Ends a <see cref="ForEveryRow"/> or <see cref="ForDecodeStep"/>; the default value ends nothing.</summary>
    public readonly struct KernelScope(int outerMaxRows) : IDisposable
    {
        readonly bool _active = true;

        public void Dispose()
        {
            if (_active)
                t_maxRows = outerMaxRows;
        }
    }

    /// <summary>Whether <see cref="Forward"/> takes these tensors; off only to measure against libtorch.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether <paramref name="x"/> (<c>[..., in]</c>) goes this way against <paramref name="weight"/> (<c>[out, in]</c>): in a
    /// pass that says so (<see cref="ForEveryRow"/>, or <see cref="ForDecodeStep"/> with at most <see cref="MaxRows"/> rows),
    /// both bfloat16 on the CPU, the weight contiguous, inputs a multiple of 32, gradients off, and AVX-512F here.
    /// </summary>
    public static bool Takes(Tensor x, Tensor weight) => KernelRows(x, weight, out _, out _) > 0;

    /// <summary>
    /// How many rows <paramref name="x"/> has where <see cref="Takes"/> holds, else 0. A decode step calls this ~50 times,
    /// so each fact is read from libtorch once (a native call each), the weight's once for all.
    /// </summary>
    static long KernelRows(Tensor x, Tensor weight, out WeightFacts facts, out long[] shape)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        (facts, shape) = (WeightFacts.None, []);
        if (!Enabled || t_maxRows == 0 || !BFloat16Kernel.IsSupported || is_grad_enabled())
            return 0;
        facts = WeightFacts.Of(weight);
        if (facts.DType != ScalarType.BFloat16)
            return 0;
        var rows = facts.RowsOf(x, out shape);
        return rows > 0 && rows <= t_maxRows ? rows : 0;
    }

    /// <summary>x (<c>[..., in]</c>) times Wᵀ plus the bias, as bfloat16 <c>[..., out]</c>; call where <see cref="Takes"/> holds.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias) =>
        TryForward(x, weight, bias)
        ?? throw new ArgumentException($"The bfloat16 kernel takes, in a pass marked for it, CPU bfloat16 inputs (at most {MaxRows} rows in a decode step) against a contiguous [out, in] bfloat16 weight, inputs a multiple of 32, gradients off.");

    /// <summary>As <see cref="Forward"/> where <see cref="Takes"/> holds, else null (the layer is libtorch's then).</summary>
    /// <param name="x">(<c>[..., in]</c>) inputs.</param>
    /// <param name="weight">(<c>[out, in]</c>) the layer's weight.</param>
    /// <param name="bias">(<c>[out]</c>) its bias, or null.</param>
    /// <param name="residual">
    /// A bfloat16 tensor of the output's shape to add to the rounded outputs (the residual stream after a block's
    /// <c>c_proj</c>): the result is <c>residual + linear(x)</c>, bit for bit as libtorch adds them; or null.
    /// </param>
    /// <param name="gelu">Whether the result is GPT-2's GELU of the rounded outputs, bit for bit as <see cref="BFloat16Gelu"/> gives it.</param>
    /// <param name="norm">
    /// A LayerNorm to apply to <paramref name="x"/> first (a block's <c>ln_1</c> before <c>c_attn</c>): the kernel normalises
    /// the rows as it takes them, as <see cref="BFloat16LayerNorm"/> says, and declines (null) where it cannot; or null.
    /// </param>
    public static Tensor? TryForward(Tensor x, Tensor weight, Tensor? bias, Tensor? residual = null, bool gelu = false, LayerNorm? norm = null)
    {
        var rows = KernelRows(x, weight, out var facts, out var shape);
        if (rows == 0)
            return null;
        var normed = default(Norm);
        if (norm is not null && !Norm.TryOf(norm, facts.Inputs, out normed))
            return null;
        var biases = bias is null ? null : (ushort*)WeightFacts.OfBias(bias, facts.Outputs, ScalarType.BFloat16).Pointer;
        var outputShape = (long[])shape.Clone();
        outputShape[^1] = facts.Outputs;
        if (residual is null)
            return Product(x, rows, facts, biases, null, gelu, normed, outputShape);
        if (residual.dtype != ScalarType.BFloat16 || residual.device_type != DeviceType.CPU || !TensorShape.Of(residual).AsSpan().SequenceEqual(outputShape))
            throw new ArgumentException($"The residual must be a CPU bfloat16 tensor of the output's shape [{string.Join(", ", outputShape)}]; got {residual.dtype} [{string.Join(", ", residual.shape)}] on {residual.device_type}.", nameof(residual));
        var added = residual.is_contiguous() ? residual : residual.contiguous();
        try
        {
            return Product(x, rows, facts, biases, (ushort*)TensorMemory.Data(added), gelu, normed, outputShape);
        }
        finally
        {
            if (!ReferenceEquals(added, residual))
                added.Dispose();
        }
    }

    /// <summary>
    /// (<paramref name="shape"/>) bfloat16: the kernel's float32 sums plus the bias, rounded by the threads that summed them
    /// (then through the GELU or plus the residual, <see cref="BFloat16Output"/>), <see cref="RowBlock"/> rows at a time.
    /// </summary>
    static Tensor Product(Tensor x, long rows, WeightFacts weight, ushort* bias, ushort* residual, bool gelu, Norm norm, long[] shape)
    {
        var input = x.is_contiguous() ? x : x.contiguous();
        try
        {
            var output = empty(shape, ScalarType.BFloat16, x.device);
            var inputs = (ushort*)TensorMemory.Data(input);
            var outputs = (ushort*)TensorMemory.Data(output);
            var block = (int)Math.Min(rows, RowBlock);
            fixed (float* sums = BFloat16Kernel.Buffer(ref t_outputs, block * weight.Outputs))
            fixed (ushort* normed = norm.Active ? BFloat16Kernel.Buffer(ref t_normed, block * weight.Inputs) : null)
                for (var first = 0L; first < rows; first += block)
                {
                    var count = (int)Math.Min(block, rows - first);
                    var taken = inputs + first * weight.Inputs;
                    if (norm.Active)
                    {
                        BFloat16LayerNorm.Normalize(taken, count, weight.Inputs, norm.Gamma, norm.Beta, norm.Epsilon, normed, KernelThreads.Shared);
                        taken = normed;
                    }
                    BFloat16Kernel.Multiply(taken, count, weight.Inputs, (ushort*)weight.Pointer, weight.Outputs, sums,
                        KernelThreads.Shared, new BFloat16Output(outputs + first * weight.Outputs, bias,
                            residual is null ? null : residual + first * weight.Outputs, gelu));
                }
            return output;
        }
        finally
        {
            if (!ReferenceEquals(input, x))
                input.Dispose();
        }
    }

    /// <summary>A LayerNorm's parameters as the kernel reads them; the default is none.</summary>
    readonly struct Norm(ushort* gamma, ushort* beta, float epsilon)
    {
        public bool Active => Gamma != null;
        public ushort* Gamma { get; } = gamma;
        public ushort* Beta { get; } = beta;
        public float Epsilon { get; } = epsilon;

        /// <summary>Whether <paramref name="norm"/> can be applied here: rows of <paramref name="inputs"/> that <see cref="BFloat16LayerNorm"/> takes, its weight and bias bfloat16 CPU vectors of that length.</summary>
        public static bool TryOf(LayerNorm norm, int inputs, out Norm found)
        {
            found = default;
            if (!BFloat16LayerNorm.Supports(inputs) || norm.weight is not { } weight || norm.bias is not { } bias)
                return false;
            var (gamma, beta) = (WeightFacts.OfVector(weight), WeightFacts.OfVector(bias));
            if (!gamma.Suitable || !beta.Suitable || gamma.DType != ScalarType.BFloat16 || beta.DType != ScalarType.BFloat16
                || gamma.Outputs != inputs || beta.Outputs != inputs)
                return false;
            // libtorch's kernel takes its epsilon as a float32 for bfloat16 rows.
            found = new Norm((ushort*)gamma.Pointer, (ushort*)beta.Pointer, (float)norm.eps);
            return true;
        }
    }
}
