using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// LayerNorm of bfloat16 rows into bfloat16, computed as libtorch's CPU kernel computes it, so that
/// <see cref="BFloat16Linear"/> can normalise a product's inputs itself instead of taking them from a
/// <c>layer_norm</c> call (a decode step made 25 of them, about 10 µs each, for 768 values a row). Each row's mean
/// and variance are Welford's, 8 float32 lanes wide, over chunks of 16 vectors of 16 bfloat16 values (each widened to
/// two vectors of 8), the chunks merged in a cascade and the lanes at the end, with the multiply-adds fused where
/// libtorch's are; then <c>y = (x · rstd − mean · rstd) · γ + β</c>, fused the same way, rounded to nearest even.
/// </summary>
/// <remarks>
/// These are the steps of libtorch's AVX2 kernels (<c>RowwiseMoments</c> in <c>moments_utils.h</c>,
/// <c>layer_norm_kernel_mixed_type</c>), the ones it runs on this project's Zen 4: against its <c>layer_norm</c> on
/// 2,000 random rows each of 768, 1600 and 4096 values (12.9 M values) no bit differed. A libtorch that runs its
/// AVX-512 kernels sums 16 lanes instead and may round a value in about ten thousand the other way; the product
/// still normalises every row alike, whatever the rows beside it. A NaN comes out as 0x7FC0 (libtorch's vector code
/// may write another NaN).
/// </remarks>
internal static unsafe class BFloat16LayerNorm
{
    const int Lanes = 8; // float32 lanes of an AVX2 vector
    const int Pair = 2 * Lanes; // bfloat16 values a step: one 256-bit load, widened to two float32 vectors
    const int Chunk = 16; // steps summed by one Welford loop before their moments join the cascade

    static readonly Vector256<float>[] s_steps = [.. Enumerable.Range(1, Chunk).Select(i => Vector256.Create(1f / i))];

    /// <summary>Whether this CPU has the instructions and the rows are whole steps of 16 values.</summary>
    public static bool Supports(long width) => Fma.IsSupported && Avx2.IsSupported && width > 0 && width % Pair == 0;

    /// <summary>
    /// <paramref name="rows"/> rows of <paramref name="width"/> values from <paramref name="x"/>, normalised, scaled by
    /// <paramref name="gamma"/> and shifted by <paramref name="beta"/> (each <paramref name="width"/> long), into
    /// <paramref name="y"/>; where <see cref="Supports"/> holds.
    /// </summary>
    public static void Normalize(ushort* x, int rows, int width, ushort* gamma, ushort* beta, float epsilon, ushort* y)
    {
        for (var row = 0; row < rows; row++)
            NormalizeRow(x + (long)row * width, width, gamma, beta, epsilon, y + (long)row * width);
    }

    /// <summary>As <see cref="Normalize(ushort*, int, int, ushort*, ushort*, float, ushort*)"/>, a prompt's many rows split over <paramref name="threads"/> (each row alike).</summary>
    public static void Normalize(ushort* x, int rows, int width, ushort* gamma, ushort* beta, float epsilon, ushort* y, KernelThreads threads)
    {
        if (rows < RowsWorthSplitting)
            Normalize(x, rows, width, gamma, beta, epsilon, y);
        else
            threads.Run(Math.Min(rows / (RowsWorthSplitting / 2), 4 * threads.Count), new Rows(x, rows, width, gamma, beta, epsilon, y));
    }

    /// <summary>Rows (about a microsecond each at 768 values) under which one thread normalises them all.</summary>
    const int RowsWorthSplitting = 16;

    sealed class Rows(ushort* x, int rows, int width, ushort* gamma, ushort* beta, float epsilon, ushort* y) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var (first, last) = KernelThreads.Range(rows, part, parts);
            Normalize(x + (long)first * width, last - first, width, gamma, beta, epsilon, y + (long)first * width);
        }
    }

    static void NormalizeRow(ushort* x, int width, ushort* gamma, ushort* beta, float epsilon, ushort* y)
    {
        var (mean, variance) = MeanAndVariance(x, width);
        var rstd = 1f / MathF.Sqrt(variance + epsilon);
        var scale = Vector256.Create(rstd);
        var shift = Vector256.Create(-rstd * mean);
        for (var d = 0; d < width; d += Lanes)
        {
            var normed = Fma.MultiplyAdd(BFloat16Bits.Widen8(x + d), scale, shift);
            var value = Fma.MultiplyAdd(normed, BFloat16Bits.Widen8(gamma + d), BFloat16Bits.Widen8(beta + d));
            BFloat16Bits.Narrow8(value, y + d);
        }
    }

    /// <summary>A row's mean and (biased) variance: Welford within chunks, the chunks' moments merged in a cascade, then the lanes'.</summary>
    static (float Mean, float Variance) MeanAndVariance(ushort* x, int width)
    {
        var steps = width / Pair;
        var chunks = (steps + Chunk - 1) / Chunk;
        var depth = chunks <= 2 ? 1 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(chunks - 1));
        Span<Moments> stack = stackalloc Moments[depth];
        for (var i = 0; i < chunks; i++)
        {
            AddChunk(x + (long)i * Chunk * Pair, Math.Min(Chunk, steps - i * Chunk), ref stack[0]);
            // Chunk i + 1's trailing zero bits say how many levels of the cascade it completes.
            var mask = i + 1;
            for (var level = 1; level < depth && (mask & 1) == 0; level++, mask >>= 1)
            {
                stack[level].Add(stack[level - 1]);
                stack[level - 1] = default;
            }
        }
        for (var level = 1; level < depth; level++)
            stack[0].Add(stack[level]);

        // Each lane has seen steps × 2 values; the lanes are merged one by one, in scalar float32.
        var perLane = (long)steps * Pair / Lanes;
        long count = 0;
        float m1 = 0, m2 = 0;
        for (var lane = 0; lane < Lanes; lane++)
        {
            var n = count + perLane;
            var c = (float)perLane / n;
            var delta = stack[0].Mean[lane] - m1;
            m1 = MathF.FusedMultiplyAdd(c, delta, m1);
            m2 += MathF.FusedMultiplyAdd(delta * delta * c, count, stack[0].SumOfSquares[lane]);
            count = n;
        }
        return (m1, m2 / width);
    }

    /// <summary>Welford over one chunk's <paramref name="count"/> steps, each step's two halves in their own lanes, then both merged into <paramref name="into"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AddChunk(ushort* x, int count, ref Moments into)
    {
        Vector256<float> mean0 = default, mean1 = default, squares0 = default, squares1 = default;
        for (var j = 0; j < count; j++)
        {
            var x0 = BFloat16Bits.Widen8(x + j * Pair);
            var x1 = BFloat16Bits.Widen8(x + j * Pair + Lanes);
            var delta0 = x0 - mean0;
            var delta1 = x1 - mean1;
            mean0 = Fma.MultiplyAdd(delta0, s_steps[j], mean0);
            mean1 = Fma.MultiplyAdd(delta1, s_steps[j], mean1);
            squares0 = Fma.MultiplyAdd(delta0, x0 - mean0, squares0);
            squares1 = Fma.MultiplyAdd(delta1, x1 - mean1, squares1);
        }
        into.Add(new Moments(count, mean0, squares0));
        into.Add(new Moments(count, mean1, squares1));
    }

    /// <summary>Per lane: how many values, their mean, and the sum of their squared deviations from it.</summary>
    struct Moments(long count, Vector256<float> mean, Vector256<float> sumOfSquares)
    {
        public long Count = count;
        public Vector256<float> Mean = mean;
        public Vector256<float> SumOfSquares = sumOfSquares;

        /// <summary>Merges <paramref name="other"/> in (Chan et al.'s update, associated as libtorch's <c>AddMomentsVec</c>).</summary>
        public void Add(in Moments other)
        {
            var n = Count + other.Count;
            var c = Vector256.Create(n == 0 ? 0f : (float)other.Count / n);
            var delta = other.Mean - Mean;
            var squares = SumOfSquares + other.SumOfSquares;
            var step = c * delta;
            Mean += step;
            SumOfSquares = Fma.MultiplyAdd(delta * Vector256.Create((float)Count), step, squares);
            Count = n;
        }
    }
}
