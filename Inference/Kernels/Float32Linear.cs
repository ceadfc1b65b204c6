using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// A float32 linear layer (<c>y = x · Wᵀ + b</c>) on the CPU through <see cref="Float32Kernel"/>, in the passes that say
/// so (<see cref="ForPass"/>) for up to <see cref="MaxRows"/> rows (a decode step, a short prompt) and for the output
/// layer at any number, each row summed on its own, so a row's bits do not depend on the rows beside it. A prompt's
/// other products and training keep libtorch (MKL), which is quick at many rows.
/// </summary>
public static unsafe class Float32Linear
{
    /// <summary>The most rows (positions over the whole batch) a product takes this way, but the output layer's.</summary>
    public const int MaxRows = 8;

    /// <summary>Rows multiplied at a time when there are more: their inputs stay in L2 while each tile of weights serves them.</summary>
    internal const int RowBlock = 128;

    [ThreadStatic]
    static bool t_inPass;

    /// <summary>
    /// Marks this thread's pass, until disposed, as one whose products of up to <see cref="MaxRows"/> rows go this way:
    /// what <see cref="Model.Gpt2Model.Forward"/> does for a float32 model on the CPU. Outside it nothing does.
    /// </summary>
    public static PassScope ForPass()
    {
        var outer = t_inPass;
        t_inPass = true;
        return new PassScope(outer);
    }

    /// <summary>Ends a <see cref="ForPass"/>; the default value ends nothing.</summary>
    public readonly struct PassScope(bool outer) : IDisposable
    {
        readonly bool _active = true;

        public void Dispose()
        {
            if (_active)
                t_inPass = outer;
        }
    }

    /// <summary>Whether a pass on this machine can go this way: the kernel runs here.</summary>
    public static bool IsSupported => Float32Kernel.IsSupported;

    /// <summary>Whether <see cref="TryForward"/> takes tensors; off only to measure against libtorch.</summary>
    internal static bool Enabled { get; set; } = true;

    /// <summary>
    /// x (<c>[..., in]</c>) times Wᵀ plus the bias as float32 <c>[..., out]</c> where this way takes them: in a
    /// <see cref="ForPass"/> pass, at most <see cref="MaxRows"/> rows (any number with <paramref name="everyRow"/>), both
    /// float32 on the CPU, the weight contiguous <c>[out, in]</c> with inputs a multiple of 16, gradients off, AVX2 and FMA
    /// here; else null (the layer is libtorch's then).
    /// </summary>
    /// <param name="x">(<c>[..., in]</c>) inputs.</param>
    /// <param name="weight">(<c>[out, in]</c>) the layer's weight.</param>
    /// <param name="bias">(<c>[out]</c>) its bias, or null.</param>
    /// <param name="everyRow">
    /// Take any number of rows, <see cref="RowBlock"/> at a time: the output layer's (50,257 × 768 for gpt2), where the
    /// kernel beat libtorch at every row count measured (1 to 128: a throwaway timing test on the Zen 4, 2026-12-08, medians
    /// 5.7 against 13.4 ms at 1 row, 13.9 against 24.0 at 8, 37.3 against 46.7 at 40, 97.5 against 107.4 at 128). A block's
    /// matrices were faster on the kernel only at a row or two once their weights were in the cache.
    /// </param>
    public static Tensor? TryForward(Tensor x, Tensor weight, Tensor? bias, bool everyRow = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (!Enabled || !t_inPass || !IsSupported || is_grad_enabled())
            return null;
        var facts = WeightFacts.Of(weight);
        if (facts.DType != ScalarType.Float32)
            return null;
        var rows = facts.RowsOf(x, out var shape);
        if (rows <= 0 || rows > MaxRows && !everyRow)
            return null;
        var biases = bias is null ? null : (float*)WeightFacts.OfBias(bias, facts.Outputs, ScalarType.Float32).Pointer;
        shape[^1] = facts.Outputs;
        var input = x.is_contiguous() ? x : x.contiguous();
        try
        {
            var output = empty(shape, ScalarType.Float32, x.device);
            var inputs = (float*)TensorMemory.Data(input);
            var outputs = (float*)TensorMemory.Data(output);
            for (var first = 0L; first < rows; first += RowBlock)
                Float32Kernel.Multiply(inputs + first * facts.Inputs, (int)Math.Min(RowBlock, rows - first), facts.Inputs,
                    (float*)facts.Pointer, facts.Outputs, biases, outputs + first * facts.Outputs, KernelThreads.Shared);
            return output;
        }
        finally
        {
            if (!ReferenceEquals(input, x))
                input.Dispose();
        }
    }
}
