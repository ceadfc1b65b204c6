using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// y[R, out] = x[R, in] · Wᵀ + b in float32, W as libtorch holds a linear layer's weight (<c>[out, in]</c>, row-major),
/// for the few rows of a decode step: one row against 8 outputs at a time (more rows: 2 against 4), each output summed
/// in 256-bit FMAs 16 inputs a step while the next tile's weights are prefetched into L2, the tiles split across
/// <see cref="KernelThreads"/>. Every output is
/// one running sum along the input, then its 8 lanes added, whatever the rows beside it, so a row's result does not
/// depend on the batch. AVX2 and FMA are all it needs, so it runs where bfloat16 does not pay (a CPU without
/// <c>avx512_bf16</c>, where <c>auto</c> picks float32).
/// </summary>
/// <remarks>
/// Why it exists: libtorch's float32 matrix-vector products go to MKL's <c>sgemv</c>, which on this project's AMD
/// machines runs its generic code whatever <c>MKL_CBWR</c> says (a profile of <c>bench-single --dtype float32</c> on the
/// Zen 4: half the samples in <c>mkl_blas_cnr_def_xsgemv</c>, another tenth in OpenMP's spinning), so a decode step read
/// gpt2's 498 MB at 12–14 GB/s where a plain read got 30–35.
/// </remarks>
public static unsafe class Float32Kernel
{
    const int Lanes = 8;
    const int Step = 2 * Lanes; // inputs a step
    const int Tile = 8; // outputs at a time

    /// <summary>Whether this CPU and runtime have the instructions the kernel uses.</summary>
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>Whether an input size can be multiplied: a multiple of 16.</summary>
    public static bool SupportsInputs(long inputs) => inputs > 0 && inputs % Step == 0;

    /// <summary>
    /// Multiplies <paramref name="rows"/> rows of x (each <paramref name="inputs"/> long) by Wᵀ into y (each row
    /// <paramref name="outputs"/> long), adding <paramref name="bias"/> (one value an output) unless it is null.
    /// </summary>
    public static void Multiply(float* x, int rows, int inputs, float* w, int outputs, float* bias, float* y, KernelThreads threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        if (!IsSupported)
            throw new PlatformNotSupportedException("The float32 kernel needs AVX2 and FMA.");
        if (!SupportsInputs(inputs))
            throw new ArgumentException($"The float32 kernel takes inputs in multiples of {Step}; got {inputs}.", nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (rows <= 0)
            return;
        threads.Run(Chunks(outputs, inputs, rows, threads), new Product(x, rows, inputs, w, outputs, bias, y));
    }

    /// <summary>About <see cref="ChunkWork"/> multiply-adds a chunk, none smaller than a tile (<see cref="KernelThreads.ChunksFor"/>).</summary>
    static int Chunks(int outputs, int inputs, int rows, KernelThreads threads) =>
        threads.ChunksFor((long)outputs * inputs * rows, ChunkWork, (outputs + Tile - 1) / Tile);

    /// <summary>Multiply-adds (~10 µs of a step's work, as <see cref="BFloat16Kernel"/>'s) worth handing another thread.</summary>
    const long ChunkWork = 98_304;

    sealed class Product(float* x, int rows, int inputs, float* w, int outputs, float* bias, float* y) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            // One row streams 8 outputs' weights at a time (8 streams of weights read memory a little faster than 4,
            // as BFloat16Native found); more rows take 4 outputs against 2 rows at a time, each weight loaded once for both.
            var tile = rows == 1 ? Tile : Tile / 2;
            var (first, last) = KernelThreads.Range((outputs + tile - 1) / tile, part, parts);
            for (var t = first; t < last; t++)
            {
                var output = t * tile;
                var weights = w + (long)output * inputs;
                var count = Math.Min(tile, outputs - output);
                var row = 0;
                if (count == Tile)
                    for (; row < rows; row++)
                        Tile8x1(x + (long)row * inputs, inputs, weights, y + (long)row * outputs + output);
                else if (count == Tile / 2)
                {
                    for (; row + 2 <= rows; row += 2)
                        Tile4x2(x + (long)row * inputs, inputs, weights, y + (long)row * outputs + output, outputs);
                    if (row < rows)
                        Tile4x1(x + (long)row * inputs, inputs, weights, y + (long)row * outputs + output);
                }
                else
                    for (; row < rows; row++)
                        for (var o = 0; o < count; o++)
                            y[(long)row * outputs + output + o] = Dot(x + (long)row * inputs, weights + (long)o * inputs, inputs);
                if (bias is not null)
                    for (row = 0; row < rows; row++)
                        for (var o = output; o < output + count; o++)
                            y[(long)row * outputs + o] += bias[o];
            }
        }
    }

    // Every tile below sums an output exactly as Dot does (the same FMAs in the same order, then Vector256.Sum), so an
    // output's bits do not depend on the tile, nor on the rows beside it.

    /// <summary>sum + x · w over one step of 16 inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Add(Vector256<float> sum, float* x, float* w) =>
        Fma.MultiplyAdd(Vector256.Load(w + Lanes), Vector256.Load(x + Lanes), Fma.MultiplyAdd(Vector256.Load(w), Vector256.Load(x), sum));

    static float Dot(float* x, float* w, int inputs)
    {
        var sum = Vector256<float>.Zero;
        for (var i = 0; i < inputs; i += Step)
            sum = Add(sum, x + i, w + i);
        return Vector256.Sum(sum);
    }

    /// <summary>The next tile's <paramref name="outputs"/> rows of weights at <paramref name="ahead"/> into L2: one cache line a row for each 16 inputs taken now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Prefetch(byte* ahead, int input, int outputs)
    {
        var next = ahead + (long)input * outputs * sizeof(float);
        for (var line = 0; line < outputs; line++)
            Sse.Prefetch1(next + line * 64);
    }

    /// <summary>One row of x times outputs 0..7 of <paramref name="w"/>, into y[0..7].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile8x1(float* x, int n, float* w, float* y)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        var ahead = (byte*)(w + Tile * n);
        for (var i = 0; i < n; i += Step)
        {
            Prefetch(ahead, i, Tile);
            a0 = Add(a0, x + i, w + i);
            a1 = Add(a1, x + i, w + n + i);
            a2 = Add(a2, x + i, w + 2 * n + i);
            a3 = Add(a3, x + i, w + 3 * n + i);
            a4 = Add(a4, x + i, w + 4 * n + i);
            a5 = Add(a5, x + i, w + 5 * n + i);
            a6 = Add(a6, x + i, w + 6 * n + i);
            a7 = Add(a7, x + i, w + 7 * n + i);
        }
        (y[0], y[1], y[2], y[3]) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        (y[4], y[5], y[6], y[7]) = (Vector256.Sum(a4), Vector256.Sum(a5), Vector256.Sum(a6), Vector256.Sum(a7));
    }

    /// <summary>One row of x times outputs 0..3 of <paramref name="w"/>, into y[0..3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x1(float* x, int n, float* w, float* y)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var ahead = (byte*)(w + Tile / 2 * n);
        for (var i = 0; i < n; i += Step)
        {
            Prefetch(ahead, i, Tile / 2);
            a0 = Add(a0, x + i, w + i);
            a1 = Add(a1, x + i, w + n + i);
            a2 = Add(a2, x + i, w + 2 * n + i);
            a3 = Add(a3, x + i, w + 3 * n + i);
        }
        (y[0], y[1], y[2], y[3]) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
    }

    /// <summary>Rows 0 and 1 of x (<paramref name="n"/> apart) times outputs 0..3 of <paramref name="w"/>, into y (rows <paramref name="outputs"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x2(float* x, int n, float* w, float* y, int outputs)
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        var ahead = (byte*)(w + Tile / 2 * n);
        var x1 = x + n;
        for (var i = 0; i < n; i += Step)
        {
            Prefetch(ahead, i, Tile / 2);
            var (lo, hi) = (Vector256.Load(x + i), Vector256.Load(x + i + Lanes));
            var (lo1, hi1) = (Vector256.Load(x1 + i), Vector256.Load(x1 + i + Lanes));
            var (w0, w1, w2, w3) = (Vector256.Load(w + i), Vector256.Load(w + n + i), Vector256.Load(w + 2 * n + i), Vector256.Load(w + 3 * n + i));
            a0 = Fma.MultiplyAdd(w0, lo, a0);
            a1 = Fma.MultiplyAdd(w1, lo, a1);
            a2 = Fma.MultiplyAdd(w2, lo, a2);
            a3 = Fma.MultiplyAdd(w3, lo, a3);
            b0 = Fma.MultiplyAdd(w0, lo1, b0);
            b1 = Fma.MultiplyAdd(w1, lo1, b1);
            b2 = Fma.MultiplyAdd(w2, lo1, b2);
            b3 = Fma.MultiplyAdd(w3, lo1, b3);
            (w0, w1, w2, w3) = (Vector256.Load(w + i + Lanes), Vector256.Load(w + n + i + Lanes), Vector256.Load(w + 2 * n + i + Lanes), Vector256.Load(w + 3 * n + i + Lanes));
            a0 = Fma.MultiplyAdd(w0, hi, a0);
            a1 = Fma.MultiplyAdd(w1, hi, a1);
            a2 = Fma.MultiplyAdd(w2, hi, a2);
            a3 = Fma.MultiplyAdd(w3, hi, a3);
            b0 = Fma.MultiplyAdd(w0, hi1, b0);
            b1 = Fma.MultiplyAdd(w1, hi1, b1);
            b2 = Fma.MultiplyAdd(w2, hi1, b2);
            b3 = Fma.MultiplyAdd(w3, hi1, b3);
        }
        (y[0], y[1], y[2], y[3]) = (Vector256.Sum(a0), Vector256.Sum(a1), Vector256.Sum(a2), Vector256.Sum(a3));
        y += outputs;
        (y[0], y[1], y[2], y[3]) = (Vector256.Sum(b0), Vector256.Sum(b1), Vector256.Sum(b2), Vector256.Sum(b3));
    }
}
