using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// y[R, out] = x[R, in] · Wᵀ in float32 for a bfloat16 x and a bfloat16 W as libtorch holds it (<c>[out, in]</c>,
/// row-major), for the few rows of a decode step. A bfloat16's bits are a float32's upper half, so 32 weights loaded
/// as 16 pairs widen with two instructions: the odd ones by masking off the low half, the even ones by shifting it
/// up. x is widened the same way once, its even and odd inputs apart, and the products are summed in 512-bit float32
/// registers, 4 outputs against 4 rows of x at a time, while the next 4 outputs' weights are prefetched into L2. The
/// outputs are split across <see cref="KernelThreads"/>. Where <see cref="BFloat16Native"/> is active (a CPU with
/// <c>avx512_bf16</c> and the library built), each thread's outputs go to its <c>vdpbf16ps</c> loop instead, which needs
/// neither widening: the same tiles, the same order of sums along the input for every row.
/// </summary>
/// <remarks>
/// A decode step reads every weight once for a few rows, so it waits on memory. gpt2's 49 matrices (247 MB) took, here,
/// 5.8–8.1 ms at 1 row, 6.6–7.8 at 4 and 9.5–10.0 at 8 (30–42 GB/s at 1 row), against libtorch's bfloat16 products'
/// 14.8–15.8, 14.7–15.2 and 16.4–19.2 ms; with libtorch's threads spinning beside it the kernel lost a third of that,
/// hence <see cref="Devices.IntraOpThreads"/>. Every output is summed in the same order
/// whatever the number of rows (one running sum along the input, then the 16 lanes added), so a row's result does not
/// depend on the rows beside it.
/// </remarks>
public static unsafe class BFloat16Kernel
{
    const int Lanes = 16;
    const int Block = 2 * Lanes; // inputs a step: 16 even and 16 odd
    const int Tile = 4;

    [ThreadStatic]
    static float[]? t_inputs;

    /// <summary>Whether this CPU and runtime have the 512-bit instructions the kernel uses.</summary>
    public static bool IsSupported => Avx512F.IsSupported;

    /// <summary>Whether an input size can be multiplied: a multiple of 32.</summary>
    public static bool SupportsInputs(long inputs) => inputs > 0 && inputs % Block == 0;

    /// <summary>Multiplies <paramref name="rows"/> rows of bfloat16 x (each <paramref name="inputs"/> long) by Wᵀ into float32 y (each row <paramref name="outputs"/> long).</summary>
    public static void Multiply(ushort* x, int rows, int inputs, ushort* w, int outputs, float* y, KernelThreads threads) =>
        Multiply(x, rows, inputs, w, outputs, y, threads, default);

    /// <summary>
    /// As <see cref="Multiply(ushort*, int, int, ushort*, int, float*, KernelThreads)"/>, and each thread then rounds the
    /// outputs it summed, plus the bias, into <paramref name="rounded"/> (if set).
    /// </summary>
    public static void Multiply(ushort* x, int rows, int inputs, ushort* w, int outputs, float* y, KernelThreads threads, BFloat16Output rounded)
    {
        ArgumentNullException.ThrowIfNull(threads);
        if (!IsSupported)
            throw new PlatformNotSupportedException("The bfloat16 kernel needs AVX-512F.");
        if (!SupportsInputs(inputs))
            throw new ArgumentException($"The bfloat16 kernel takes inputs in multiples of {Block}; got {inputs}.", nameof(inputs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        if (rows <= 0)
            return;
        if (BFloat16Native.Active)
        {
            threads.Run(Chunks(outputs, inputs, rows, threads), new NativeProduct(x, rows, inputs, w, outputs, y, rounded));
            return;
        }
        var length = rows * inputs;
        fixed (float* widened = Buffer(ref t_inputs, length))
        {
            Widen(x, widened, length);
            threads.Run(Chunks(outputs, inputs, rows, threads), new Product(widened, rows, inputs, w, outputs, y, rounded));
        }
    }

    /// <summary>A thread's pinned scratch of at least <paramref name="length"/> values, grown when a call needs more.</summary>
    internal static T[] Buffer<T>(ref T[]? buffer, int length) where T : unmanaged
    {
        if (buffer is null || buffer.Length < length)
            buffer = GC.AllocateUninitializedArray<T>(length, pinned: true);
        return buffer;
    }

    /// <summary>bfloat16 x as float32, each block of 32 inputs as its 16 even ones, then its 16 odd ones.</summary>
    static void Widen(ushort* x, float* target, int length)
    {
        for (var i = 0; i < length; i += Block)
        {
            var (even, odd) = Pairs(x + i);
            even.Store(target + i);
            odd.Store(target + i + Lanes);
        }
    }

    /// <summary>About <see cref="ChunkWork"/> multiply-adds a chunk, none smaller than a tile (<see cref="KernelThreads.ChunksFor"/>).</summary>
    static int Chunks(int outputs, int inputs, int rows, KernelThreads threads) =>
        threads.ChunksFor((long)outputs * inputs * rows, ChunkWork, (outputs + Tile - 1) / Tile);

    /// <summary>Multiply-adds (~10 µs of a step's work) worth handing another thread.</summary>
    const long ChunkWork = 196_608;

    sealed class Product(float* x, int rows, int inputs, ushort* w, int outputs, float* y, BFloat16Output rounded) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var (first, last) = KernelThreads.Range((outputs + Tile - 1) / Tile, part, parts);
            for (var tile = first; tile < last; tile++)
            {
                var output = tile * Tile;
                var weights = w + (long)output * inputs;
                if (output + Tile > outputs)
                {
                    for (; output < outputs; output++, weights += inputs)
                        for (var row = 0; row < rows; row++)
                            y[(long)row * outputs + output] = Dot(x + (long)row * inputs, weights, inputs);
                    continue;
                }
                var r = 0;
                for (; r + 4 <= rows; r += 4)
                    Tile4x4(x + (long)r * inputs, inputs, weights, y + (long)r * outputs + output, outputs);
                for (; r < rows; r++)
                    Tile4x1(x + (long)r * inputs, inputs, weights, y + (long)r * outputs + output);
            }
            rounded.Write(y, rows, outputs, first * Tile, Math.Min(last * Tile, outputs));
        }
    }

    /// <summary>A thread's share of the tiles of outputs, through <see cref="BFloat16Native"/>.</summary>
    sealed class NativeProduct(ushort* x, int rows, int inputs, ushort* w, int outputs, float* y, BFloat16Output rounded) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var (first, last) = KernelThreads.Range((outputs + Tile - 1) / Tile, part, parts);
            var (firstOutput, lastOutput) = (first * Tile, Math.Min(last * Tile, outputs));
            BFloat16Native.Multiply(x, rows, inputs, w, outputs, firstOutput, lastOutput, y);
            rounded.Write(y, rows, outputs, firstOutput, lastOutput);
        }
    }

    /// <summary>Which code sums the products: the AVX512-BF16 library where it is active, else this C# loop.</summary>
    public static string Path => BFloat16Native.Active ? "AVX512-BF16 kernel (native)" : "AVX-512 kernel";

    /// <summary>32 bfloat16 values as float32: the 16 even ones (low halves shifted up) and the 16 odd ones (high halves kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector512<float> Even, Vector512<float> Odd) Pairs(ushort* p)
    {
        var pairs = Vector512.Load((uint*)p);
        return ((pairs << 16).AsSingle(), (pairs & Vector512.Create(0xFFFF_0000u)).AsSingle());
    }

    /// <summary>sum + x · w over one block of 32 inputs (x widened, even inputs then odd).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Add(Vector512<float> sum, float* x, (Vector512<float> Even, Vector512<float> Odd) w) =>
        Avx512F.FusedMultiplyAdd(Vector512.Load(x + Lanes), w.Odd, Avx512F.FusedMultiplyAdd(Vector512.Load(x), w.Even, sum));

    /// <summary>The next tile's 4 rows of weights at <paramref name="ahead"/>, 2 cache lines for each 32 inputs taken now.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Prefetch(byte* ahead, int input)
    {
        Sse.Prefetch1(ahead + input * Tile * sizeof(ushort));
        Sse.Prefetch1(ahead + input * Tile * sizeof(ushort) + 64);
        Sse.Prefetch1(ahead + input * Tile * sizeof(ushort) + 128);
        Sse.Prefetch1(ahead + input * Tile * sizeof(ushort) + 192);
    }

    static float Dot(float* x, ushort* w, int inputs)
    {
        var sum = Vector512<float>.Zero;
        for (var i = 0; i < inputs; i += Block)
            sum = Add(sum, x + i, Pairs(w + i));
        return Vector512.Sum(sum);
    }

    /// <summary>One row of x times outputs 0..3 of <paramref name="w"/>, into y[0..3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x1(float* x, int n, ushort* w, float* y)
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var ahead = (byte*)(w + Tile * n);
        for (var i = 0; i < n; i += Block)
        {
            Prefetch(ahead, i);
            a0 = Add(a0, x + i, Pairs(w + i));
            a1 = Add(a1, x + i, Pairs(w + n + i));
            a2 = Add(a2, x + i, Pairs(w + 2 * n + i));
            a3 = Add(a3, x + i, Pairs(w + 3 * n + i));
        }
        Store(y, a0, a1, a2, a3);
    }

    /// <summary>Rows 0..3 of x (<paramref name="n"/> apart) times outputs 0..3 of <paramref name="w"/>, into y (rows <paramref name="outputs"/> apart): each widened weight serves 4 rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Tile4x4(float* x, int n, ushort* w, float* y, int outputs)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        Vector512<float> a20 = default, a21 = default, a22 = default, a23 = default, a30 = default, a31 = default, a32 = default, a33 = default;
        var ahead = (byte*)(w + Tile * n);
        for (var i = 0; i < n; i += Block)
        {
            Prefetch(ahead, i);
            var w0 = Pairs(w + i);
            var w1 = Pairs(w + n + i);
            var w2 = Pairs(w + 2 * n + i);
            var w3 = Pairs(w + 3 * n + i);
            var x0 = x + i;
            (a00, a01, a02, a03) = (Add(a00, x0, w0), Add(a01, x0, w1), Add(a02, x0, w2), Add(a03, x0, w3));
            var x1 = x0 + n;
            (a10, a11, a12, a13) = (Add(a10, x1, w0), Add(a11, x1, w1), Add(a12, x1, w2), Add(a13, x1, w3));
            var x2 = x1 + n;
            (a20, a21, a22, a23) = (Add(a20, x2, w0), Add(a21, x2, w1), Add(a22, x2, w2), Add(a23, x2, w3));
            var x3 = x2 + n;
            (a30, a31, a32, a33) = (Add(a30, x3, w0), Add(a31, x3, w1), Add(a32, x3, w2), Add(a33, x3, w3));
        }
        Store(y, a00, a01, a02, a03);
        Store(y + outputs, a10, a11, a12, a13);
        Store(y + 2 * outputs, a20, a21, a22, a23);
        Store(y + 3 * outputs, a30, a31, a32, a33);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(float* y, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3)
    {
        y[0] = Vector512.Sum(s0);
        y[1] = Vector512.Sum(s1);
        y[2] = Vector512.Sum(s2);
        y[3] = Vector512.Sum(s3);
    }
}
