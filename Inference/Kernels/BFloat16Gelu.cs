using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// GPT-2's GELU (the tanh form, <c>0.5·x·(1 + tanh u)</c> with <c>u = √(2/π)·(x + 0.044715·x³)</c>) over bfloat16 on the
/// CPU, in float32 and rounded to nearest even, sixteen at a time. It computes the same function as
/// <c>x / (1 + exp(−2u))</c>, which needs one exponential and no subtraction near −1 (so it is, if anything, closer to
/// the exact value than libtorch's for very negative x). libtorch's bfloat16 GELU took 0.65 ms of an 8-row gpt2 decode
/// step on its one thread and 6 ms of a 128-token prompt's pass; each element's result depends on that element alone,
/// so a story's bits do not depend on what shares its step. Every bfloat16 forward on the CPU without gradients takes it
/// (prompts and decode steps alike, so they keep agreeing); training and other devices keep libtorch's.
/// </summary>
public static unsafe class BFloat16Gelu
{
    /// <summary>Whether <see cref="TryForward"/> takes <paramref name="x"/>: bfloat16 on the CPU, gradients off, AVX-512F here.</summary>
    public static bool Takes(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return Avx512F.IsSupported && x.device_type == DeviceType.CPU && x.dtype == ScalarType.BFloat16 && !is_grad_enabled();
    }

    /// <summary>GELU of <paramref name="x"/>, a new bfloat16 tensor of its shape, where <see cref="Takes"/> holds; else null.</summary>
    public static Tensor? TryForward(Tensor x)
    {
        if (!Takes(x))
            return null;
        var input = x.is_contiguous() ? x : x.contiguous();
        try
        {
            var output = empty(TensorShape.Of(x), ScalarType.BFloat16, x.device);
            var count = input.NumberOfElements;
            var job = new Job((ushort*)TensorMemory.Data(input), (ushort*)TensorMemory.Data(output), count);
            // A decode step's few rows on the calling thread; a prompt's (128 × 3072 a layer: 0.36 ms on one thread) over all cores.
            KernelThreads.Shared.Run(count >= ElementsPerThread * 2 ? (int)Math.Min(4L * KernelThreads.Shared.Count, count / ElementsPerThread) : 1, job);
            return output;
        }
        finally
        {
            if (!ReferenceEquals(input, x))
                input.Dispose();
        }
    }

    /// <summary>Elements worth a thread of their own (about 30 µs of work).</summary>
    const long ElementsPerThread = 32_768;

    /// <summary>The elements, in 16-aligned parts.</summary>
    sealed class Job(ushort* x, ushort* y, long count) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var blocks = (count + 15) / 16;
            var (first, last) = (blocks * part / parts * 16, Math.Min(count, blocks * (part + 1) / parts * 16));
            if (last > first)
                Apply(x + first, y + first, last - first);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Apply(ushort* x, ushort* y, long count)
    {
        var i = 0L;
        for (; i + 16 <= count; i += 16)
            Avx512F.ConvertToVector256UInt16(BFloat16Bits.Rounded(Of(BFloat16Bits.Widen16(Vector256.Load(x + i))))).Store(y + i);
        if (i == count)
            return;
        // The last few through the same vector code, from a padded copy.
        var rest = (int)(count - i);
        var last = stackalloc ushort[16];
        new Span<ushort>(x + i, rest).CopyTo(new Span<ushort>(last, 16));
        Avx512F.ConvertToVector256UInt16(BFloat16Bits.Rounded(Of(BFloat16Bits.Widen16(Vector256.Load(last))))).Store(last);
        new Span<ushort>(last, rest).CopyTo(new Span<ushort>(y + i, rest));
    }

    /// <summary>The GELU of sixteen float32 values, in float32: what <see cref="BFloat16Output"/> applies to a product's rounded outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Of(Vector512<float> v)
    {
        var u = Vector512.Create(0.7978845608f) * (v + Vector512.Create(0.044715f) * v * v * v);
        var t = Vector512.Create(-2f) * u;
        var y = v / (Vector512<float>.One + Exp(t));
        // Past 88, exp(t) overflows float32 and the GELU is below 1e-38 of x: zero, with x's sign.
        return Vector512.ConditionalSelect(Vector512.GreaterThan(t, Vector512.Create(88f)), v * Vector512<float>.Zero, y);
    }

    /// <summary>
    /// e^t for t up to 88 (larger t are read as 88; below −87 it gives about 1e-38): 2^n · e^r with n = round(t·log₂e), r =
    /// t − n·ln 2 in two parts (|r| ≤ ln 2 / 2), e^r by its Taylor series to r⁷, 2^n put into the exponent bits. Within
    /// about two float32 steps of the exact value. (.NET's Vector512.Exp ran element by element here, 12 ns an element.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Exp(Vector512<float> t)
    {
        t = Vector512.Max(Vector512.Min(t, Vector512.Create(88f)), Vector512.Create(-87f));
        var n = Vector512.Round(t * Vector512.Create(1.44269504f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693145752f), t);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-1.42860677e-6f), r);
        var p = Vector512.Create(1f / 5040);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 720));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        var scale = ((Vector512.ConvertToInt32(n) + Vector512.Create(127)) << 23).AsSingle();
        return p * scale;
    }
}
