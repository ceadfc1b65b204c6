using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// A bfloat16 linear layer (<c>y = x · Wᵀ + b</c>) for the few rows of a decode step on the CPU (or the decoding rows of
/// a step that also prefills, <see cref="ForDecodeRows"/>), through
/// <see cref="BFloat16Kernel"/>: the products summed in float32, the bias added and each output
/// rounded to bfloat16 (to nearest, ties to even, as libtorch rounds), so the layer gives what libtorch's bfloat16
/// <c>linear</c> gives up to the order of the sums. Prompts and training keep libtorch.
/// </summary>
public static unsafe class BFloat16Linear
{
    /// <summary>The most rows (positions over the whole batch) a layer takes this way by default: at 16, libtorch's products were faster on a Zen 5.</summary>
    public const int MaxRows = 8;

    /// <summary>
    /// The most rows a layer takes this way in a batch-invariant pass (<see cref="InferenceOptions.BatchInvariant"/>): the CPU
    /// pool's most rows, so every decode step's products are the kernel's whatever its batch. On a Zen 4 the kernel was
    /// also the faster at 16 rows (gpt2, `bench --streams 16`: 230–232 against 199–201 tokens/s) and as fast at 32.
    /// </summary>
    public const int MaxBatchInvariantRows = 64;

    [ThreadStatic]
    static float[]? t_outputs;

    [ThreadStatic]
    static int t_decodeRows;

    [ThreadStatic]
    static int t_maxRows;

    /// <summary>
    /// Marks this thread's pass as a decode step until disposed (<see cref="Model.Gpt2Model.Forward"/> does): every row goes
    /// this way, up to <paramref name="maxRows"/> (<see cref="MaxRows"/> or <see cref="MaxBatchInvariantRows"/>). Outside this
    /// and <see cref="ForDecodeRows"/> nothing does, so a prompt's products stay libtorch's however few its rows.
    /// </summary>
    public static DecodeStepScope ForDecodeStep(int maxRows = MaxRows) => ForDecodeRows(int.MaxValue, maxRows);

    /// <summary>
    /// Marks this thread's pass, until disposed, as one whose first <paramref name="rows"/> rows (positions, in order, at
    /// every layer and at the output layer) are decode steps' tokens and the rest a prompt's: those rows go this way,
    /// as in a decode step of their own (up to <paramref name="maxRows"/>), and the prompt's stay libtorch's. A step that
    /// carries a prompt chunk beside the decoding rows then gives those rows the bits a step without one gives them.
    /// </summary>
    public static DecodeStepScope ForDecodeRows(int rows, int maxRows = MaxRows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRows);
        var outer = (t_decodeRows, t_maxRows);
        (t_decodeRows, t_maxRows) = (rows, maxRows);
        return new DecodeStepScope(outer.t_decodeRows, outer.t_maxRows);
    }

    /// <summary>Ends a <see cref="ForDecodeStep"/> or <see cref="ForDecodeRows"/>; the default value ends nothing.</summary>
    public readonly struct DecodeStepScope(int outerRows, int outerMaxRows) : IDisposable
    {
        readonly bool _active = true;

        public void Dispose()
        {
            if (_active)
                (t_decodeRows, t_maxRows) = (outerRows, outerMaxRows);
        }
    }

    /// <summary>Whether <see cref="Forward"/> takes these tensors; off only to measure against libtorch.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether all of <paramref name="x"/> (<c>[..., in]</c>) goes this way against <paramref name="weight"/> (<c>[out, in]</c>):
    /// in a decode step (<see cref="ForDecodeStep"/>, or <see cref="ForDecodeRows"/> with no more rows than its decode rows), both bfloat16 on the CPU, the weight contiguous, at most
    /// <see cref="MaxRows"/> rows (or the scope's limit), inputs a multiple of 32, gradients off, and AVX-512F here.
    /// </summary>
    public static bool Takes(Tensor x, Tensor weight) => KernelRows(x, weight, out _, out _, out var rows) is var taken && taken > 0 && taken == rows;

    /// <summary>
    /// How many of <paramref name="x"/>'s leading rows go through the kernel: all where <see cref="Takes"/> holds, the
    /// decode rows of a <see cref="ForDecodeRows"/> pass where the tensors suit the kernel, else none. A decode step
    /// calls this ~50 times, so each fact is read from libtorch once (a native call each), the weight's once for all.
    /// </summary>
    static long KernelRows(Tensor x, Tensor weight, out WeightFacts facts, out long[] shape, out long rows)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        (facts, shape, rows) = (WeightFacts.None, [], 0);
        if (!Enabled || t_decodeRows == 0 || !BFloat16Kernel.IsSupported || is_grad_enabled())
            return 0;
        facts = WeightFacts.Of(weight);
        if (!facts.Suitable || x.dtype != ScalarType.BFloat16 || x.device_type != DeviceType.CPU)
            return 0;
        shape = x.shape;
        if (shape.Length == 0 || shape[^1] != facts.Inputs)
            return 0;
        rows = 1;
        for (var d = 0; d < shape.Length - 1; d++)
            rows *= shape[d];
        var taken = Math.Min(rows, t_decodeRows);
        return taken > 0 && taken <= t_maxRows ? taken : 0;
    }

    /// <summary>x (<c>[..., in]</c>) times Wᵀ plus the bias, as bfloat16 <c>[..., out]</c>; call where <see cref="Takes"/> holds.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, Tensor? bias) =>
        Takes(x, weight) ? TryForward(x, weight, bias)!
        : throw new ArgumentException($"The bfloat16 kernel takes, in a decode step, CPU bfloat16 inputs of at most {(t_maxRows > 0 ? t_maxRows : MaxRows)} rows against a contiguous [out, in] bfloat16 weight, inputs a multiple of 32, gradients off.");

    /// <summary>
    /// As <see cref="Forward"/> where <see cref="Takes"/> holds; in a <see cref="ForDecodeRows"/> pass, the decode rows
    /// through the kernel and the rest through libtorch's <c>linear</c>; null where no row goes this way (the layer is
    /// libtorch's then).
    /// </summary>
    public static Tensor? TryForward(Tensor x, Tensor weight, Tensor? bias)
    {
        var kernelRows = KernelRows(x, weight, out var facts, out var shape, out var rows);
        if (kernelRows == 0)
            return null;
        var biases = bias is null ? null : (ushort*)WeightFacts.OfBias(bias, facts.Outputs).Pointer;
        var outputShape = (long[])shape.Clone();
        outputShape[^1] = facts.Outputs;
        if (kernelRows == rows)
            return Product(x, (int)rows, facts, biases, outputShape);
        using var scope = NewDisposeScope();
        // The prompt's rows as a pass of its own has them, (1, T, in): libtorch's bits differ between a 2-D and a 3-D input.
        var positions = x.reshape(1, rows, facts.Inputs);
        var decoded = Product(positions.narrow(1, 0, kernelRows), (int)kernelRows, facts, biases, [1, kernelRows, facts.Outputs]);
        var prompt = nn.functional.linear(positions.narrow(1, kernelRows, rows - kernelRows), weight, bias);
        return cat([decoded, prompt], 1).view(outputShape).MoveToOuterDisposeScope();
    }

    /// <summary>(<paramref name="shape"/>) bfloat16: the kernel's float32 sums plus the bias, rounded by the threads that summed them.</summary>
    static Tensor Product(Tensor x, int rows, WeightFacts weight, ushort* bias, long[] shape)
    {
        var input = x.is_contiguous() ? x : x.contiguous();
        try
        {
            var output = empty(shape, ScalarType.BFloat16, x.device);
            fixed (float* sums = BFloat16Kernel.Buffer(ref t_outputs, rows * weight.Outputs))
                BFloat16Kernel.Multiply((ushort*)TensorMemory.Data(input), rows, weight.Inputs, (ushort*)weight.Pointer, weight.Outputs, sums,
                    KernelThreads.Shared, new BFloat16Output((ushort*)TensorMemory.Data(output), bias));
            return output;
        }
        finally
        {
            if (!ReferenceEquals(input, x))
                input.Dispose();
        }
    }
}
