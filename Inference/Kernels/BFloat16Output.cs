using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// Where a product's float32 sums end up as bfloat16: each output plus its bias (if any), rounded to nearest, ties to
/// even, as libtorch rounds. <see cref="BFloat16Kernel.Multiply(ushort*, int, int, ushort*, int, float*, Quantized.KernelThreads, BFloat16Output)"/>
/// has each thread round the outputs it has just summed, while they are still in its cache; each value is rounded on its
/// own, so how the outputs are split between threads changes no bit.
/// </summary>
/// <remarks>
/// The rounded output may go on through what a block does next to it, element by element: GPT-2's GELU
/// (<see cref="BFloat16Gelu"/>, after <c>c_fc</c>) or the addition to the residual stream (after each <c>c_proj</c>),
/// rounded again. That is what the separate bfloat16 operations give, bit for bit (libtorch adds two bfloat16 tensors
/// in float32 and rounds; only a NaN may come out as another NaN: libtorch's vector code writes 0xFFFF, this 0x7FC0),
/// without a pass over memory, a tensor and a call each.
/// </remarks>
public readonly unsafe struct BFloat16Output
{
    const int Lanes = 16;
    readonly ushort* _target;
    readonly ushort* _bias;
    readonly ushort* _residual;
    readonly bool _gelu;

    /// <param name="target">Where the bfloat16 outputs go, laid out as the sums are; null leaves the float32 sums as the result.</param>
    /// <param name="bias">One bfloat16 bias an output, or null.</param>
    /// <param name="residual">bfloat16 values laid out as the outputs, added to the rounded outputs; or null.</param>
    /// <param name="gelu">GPT-2's GELU of the rounded outputs (not with a residual).</param>
    public BFloat16Output(ushort* target, ushort* bias, ushort* residual = null, bool gelu = false)
    {
        if (gelu && residual is not null)
            throw new ArgumentException("A product's outputs take either the GELU or a residual, not both.", nameof(gelu));
        _target = target;
        _bias = bias;
        _residual = residual;
        _gelu = gelu;
    }

    /// <summary>Outputs <paramref name="first"/>..<paramref name="last"/>−1 of every row of <paramref name="sums"/> (rows <paramref name="outputs"/> apart), rounded into the target.</summary>
    internal void Write(float* sums, int rows, int outputs, int first, int last)
    {
        if (_target is null)
            return;
        for (var row = 0; row < rows; row++)
        {
            var offset = (long)row * outputs + first;
            Round(sums + offset, _bias is null ? null : _bias + first, _residual is null ? null : _residual + offset, _target + offset, last - first);
        }
    }

    /// <summary>One run of float32 sums finished (<see cref="Finished"/>) into bfloat16; the last few through the same vector code from padded copies.</summary>
    void Round(float* sums, ushort* bias, ushort* residual, ushort* target, int count)
    {
        var i = 0;
        for (; i + Lanes <= count; i += Lanes)
            Store(Finished(Vector512.Load(sums + i), bias is null ? null : bias + i, residual is null ? null : residual + i), target + i);
        var rest = count - i;
        if (rest == 0)
            return;
        var paddedSums = stackalloc float[Lanes];
        var paddedBias = stackalloc ushort[Lanes];
        var paddedResidual = stackalloc ushort[Lanes];
        var finished = stackalloc ushort[Lanes];
        new Span<float>(sums + i, rest).CopyTo(new Span<float>(paddedSums, Lanes));
        if (bias is not null)
            new Span<ushort>(bias + i, rest).CopyTo(new Span<ushort>(paddedBias, Lanes));
        if (residual is not null)
            new Span<ushort>(residual + i, rest).CopyTo(new Span<ushort>(paddedResidual, Lanes));
        Store(Finished(Vector512.Load(paddedSums), bias is null ? null : paddedBias, residual is null ? null : paddedResidual), finished);
        new Span<ushort>(finished, rest).CopyTo(new Span<ushort>(target + i, rest));
    }

    /// <summary>Sixteen sums plus their biases, rounded; then, if asked, through the GELU or plus the residual, rounded again.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    Vector512<uint> Finished(Vector512<float> v, ushort* bias, ushort* residual)
    {
        if (bias is not null)
            v += BFloat16Bits.Widen16(Vector256.Load(bias));
        if (!_gelu && residual is null)
            return BFloat16Bits.Rounded(v);
        // The product as a bfloat16 linear layer leaves it, then the next operation on it in float32.
        v = (BFloat16Bits.Rounded(v) << 16).AsSingle();
        v = _gelu ? BFloat16Gelu.Of(v) : v + BFloat16Bits.Widen16(Vector256.Load(residual));
        return BFloat16Bits.Rounded(v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(Vector512<uint> rounded, ushort* target) => Avx512F.ConvertToVector256UInt16(rounded).Store(target);
}
