using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// Where a product's float32 sums end up as bfloat16: each output plus its bias (if any), rounded to nearest, ties to
/// even, as libtorch rounds. <see cref="BFloat16Kernel.Multiply(ushort*, int, int, ushort*, int, float*, Quantized.KernelThreads, BFloat16Output)"/>
/// has each thread round the outputs it has just summed, while they are still in its cache; each value is rounded on its
/// own, so how the outputs are split between threads changes no bit.
/// </summary>
public readonly unsafe struct BFloat16Output(ushort* target, ushort* bias)
{
    /// <summary>Outputs <paramref name="first"/>..<paramref name="last"/>−1 of every row of <paramref name="sums"/> (rows <paramref name="outputs"/> apart), rounded into the target.</summary>
    internal void Write(float* sums, int rows, int outputs, int first, int last)
    {
        // The default value has no target: the float32 sums are the result.
        if (target is null)
            return;
        for (var row = 0; row < rows; row++)
        {
            var offset = (long)row * outputs + first;
            Round(sums + offset, bias is null ? null : bias + first, target + offset, last - first);
        }
    }

    /// <summary>One run of float32 sums plus the bias (if any), rounded to bfloat16.</summary>
    static void Round(float* sums, ushort* bias, ushort* target, int count)
    {
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            var v = Vector512.Load(sums + i);
            if (bias is not null)
                v += BFloat16Bits.Widen16(Vector256.Load(bias + i));
            Avx512F.ConvertToVector256UInt16(BFloat16Bits.Rounded(v)).Store(target + i);
        }
        for (; i < count; i++)
            target[i] = BFloat16Bits.FromSingle(sums[i] + (bias is null ? 0f : BFloat16Bits.ToSingle(bias[i])));
    }
}
