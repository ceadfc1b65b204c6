using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Each row's index of its largest value, as libtorch's <c>argmax(1)</c> gives it: the first of equal maxima (−0 and +0
/// are equal), and in a row holding a NaN the first NaN. On the CPU, for float32 and bfloat16 rows, it runs here: libtorch's
/// took 1.5–1.7 ms for 8 rows of gpt2's 50,257 bfloat16 logits on a decode step's one thread (a tenth of the step), this
/// about 0.1 ms. Elsewhere (CUDA, other dtypes, no AVX2) it is libtorch's.
/// </summary>
internal static unsafe class RowArgmax
{
    /// <summary>(B) int64: the index of each row's maximum of <paramref name="x"/> (B, V), on <paramref name="x"/>'s device.</summary>
    public static Tensor Of(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!Avx2.IsSupported || x.device_type != DeviceType.CPU || x.dim() != 2 || x.size(1) == 0
            || (x.dtype != ScalarType.Float32 && x.dtype != ScalarType.BFloat16))
            return x.argmax(1);
        var input = x.is_contiguous() ? x : x.contiguous();
        try
        {
            var (rows, width) = ((int)x.size(0), (int)x.size(1));
            var found = new long[rows];
            var data = TensorMemory.Data(input);
            for (var row = 0; row < rows; row++)
            {
                found[row] = x.dtype == ScalarType.BFloat16
                    ? IndexOfMax((ushort*)data + (long)row * width, width)
                    : IndexOfMax((float*)data + (long)row * width, width);
            }
            return tensor(found, ScalarType.Int64);
        }
        finally
        {
            if (!ReferenceEquals(input, x))
                input.Dispose();
        }
    }

    /// <summary>The first index of the row's maximum, or of its first NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static int IndexOfMax<T>(T* row, int width) where T : unmanaged
    {
        var most = Vector256.Create(float.NegativeInfinity);
        var nan = Vector256<float>.Zero;
        var i = 0;
        for (; i + 8 <= width; i += 8)
        {
            var v = Load8(row + i);
            nan |= ~Vector256.Equals(v, v);
            most = Avx.Max(most, v);
        }
        var best = float.NegativeInfinity;
        for (var lane = 0; lane < 8; lane++)
            best = MathF.Max(best, most.GetElement(lane));
        var anyNaN = nan != Vector256<float>.Zero;
        for (var tail = i; tail < width; tail++)
        {
            var value = Load(row + tail);
            anyNaN |= float.IsNaN(value);
            best = MathF.Max(best, value);
        }
        if (anyNaN)
        {
            for (var s = 0; s < width; s++)
            {
                if (float.IsNaN(Load(row + s)))
                    return s;
            }
        }
        var target = Vector256.Create(best);
        for (i = 0; i + 8 <= width; i += 8)
        {
            var hits = Vector256.Equals(Load8(row + i), target).ExtractMostSignificantBits();
            if (hits != 0)
                return i + BitOperations.TrailingZeroCount(hits);
        }
        for (; i < width; i++)
        {
            if (Load(row + i) == best)
                return i;
        }
        return 0; // unreachable: the maximum is one of the row's values
    }

    /// <summary>8 elements as float32: loaded, or bfloat16 widened (its bits are a float32's upper half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Load8<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.Load((float*)p) : BFloat16Bits.Widen8((ushort*)p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Load<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? *(float*)p : BFloat16Bits.ToSingle(*(ushort*)p);
}
