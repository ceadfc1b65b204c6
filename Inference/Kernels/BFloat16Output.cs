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
                v += Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load(bias + i)), 16).AsSingle();
            Avx512F.ConvertToVector256UInt16(Rounded(v)).Store(target + i);
        }
        for (; i < count; i++)
            target[i] = ToBFloat16(sums[i] + (bias is null ? 0f : BitConverter.Int32BitsToSingle(bias[i] << 16)));
    }

    /// <summary>Sixteen float32 values as bfloat16 bits (in the low half of each lane): to nearest, ties to even; a NaN as the quiet NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<uint> Rounded(Vector512<float> v)
    {
        var bits = v.AsUInt32();
        var rounded = (bits + Vector512.Create(0x7FFFu) + ((bits >> 16) & Vector512.Create(1u))) >> 16;
        return Vector512.ConditionalSelect(Vector512.Equals(v, v).AsUInt32(), rounded, Vector512.Create(0x7FC0u));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ushort ToBFloat16(float value)
    {
        if (float.IsNaN(value))
            return 0x7FC0;
        var bits = BitConverter.SingleToUInt32Bits(value);
        return (ushort)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }
}
