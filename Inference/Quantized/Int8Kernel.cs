using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AdventureServer.Inference.Quantized;

/// <summary>
/// y[B, out] = x[B, in] · Wᵀ (+ bias) for an <see cref="Int8Matrix"/> W: x is quantized per block of 32 to int8,
/// each block's integer dot product is taken with AVX-VNNI <c>vpdpbusd</c> (unsigned weights offset by 128 ×
/// signed activations), or on CPUs with only AVX2 with <c>vpmaddubsw</c> and <c>vpmaddwd</c> over the same layout
/// (<see cref="Avx2Dot"/>: the same integer sums, so the same bits), and scaled into a float32 sum. The output groups of 8 rows are split across
/// <see cref="KernelThreads"/>; each group's weights are read once for all rows of x, 4 rows of x at a time (by two
/// groups where both are full).
/// </summary>
public static unsafe class Int8Kernel
{
    /// <summary>The fastest path this CPU and runtime support.</summary>
    public static Int8KernelPath Best { get; } =
        IsSupported(Int8KernelPath.AvxVnni) ? Int8KernelPath.AvxVnni : IsSupported(Int8KernelPath.Avx2) ? Int8KernelPath.Avx2 : Int8KernelPath.Scalar;

    /// <summary>Whether <paramref name="path"/> can run here.</summary>
    public static bool IsSupported(Int8KernelPath path) => path switch
    {
        Int8KernelPath.Scalar => true,
        Int8KernelPath.AvxVnni => AvxVnni.IsSupported && Fma.IsSupported,
        Int8KernelPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    [ThreadStatic]
    static Int8Activations? t_activations;

    /// <summary>
    /// Multiplies <paramref name="rows"/> rows of float32 at <paramref name="x"/> (each <see cref="Int8Matrix.Columns"/> long)
    /// by Wᵀ into <paramref name="y"/> (each row <see cref="Int8Matrix.Rows"/> long).
    /// </summary>
    public static void Multiply(Int8Matrix weights, float* x, int rows, float* y) => Multiply(weights, x, rows, y, Best, KernelThreads.Shared);

    /// <summary>As <see cref="Multiply(Int8Matrix, float*, int, float*)"/> on a given path and set of threads (for tests and measurements).</summary>
    public static void Multiply(Int8Matrix weights, float* x, int rows, float* y, Int8KernelPath path, KernelThreads threads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(threads);
        if (!IsSupported(path))
            throw new PlatformNotSupportedException($"The int8 kernel's {path} path needs instructions this CPU or runtime lacks.");
        if (rows == 0)
            return;
        var activations = t_activations ??= new Int8Activations();
        activations.Quantize(x, rows, weights.Columns);
        var job = new Product(weights, activations, y, path);
        threads.Run(Chunks(weights, rows, threads), job);
    }

    /// <summary>As <see cref="Multiply(Int8Matrix, float*, int, float*, Int8KernelPath, KernelThreads)"/> over spans, checked for size.</summary>
    public static void Multiply(Int8Matrix weights, ReadOnlySpan<float> x, int rows, Span<float> y, Int8KernelPath path, KernelThreads threads)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (x.Length < (long)rows * weights.Columns)
            throw new ArgumentException($"{rows} rows of {weights.Columns} need {(long)rows * weights.Columns} values; got {x.Length}.", nameof(x));
        if (y.Length < (long)rows * weights.Rows)
            throw new ArgumentException($"{rows} rows of {weights.Rows} need {(long)rows * weights.Rows} values; got {y.Length}.", nameof(y));
        fixed (float* px = x, py = y)
            Multiply(weights, px, rows, py, path, threads);
    }

    /// <summary>About <see cref="ChunkWork"/> block products a chunk, none smaller than a group (<see cref="KernelThreads.ChunksFor"/>).</summary>
    static int Chunks(Int8Matrix weights, int rows, KernelThreads threads) =>
        threads.ChunksFor((long)weights.Groups * weights.Blocks * rows, ChunkWork, weights.Groups);

    /// <summary>Block products (8 rows × 32 inputs × one row of x, ~10 ns) worth handing another thread.</summary>
    const long ChunkWork = 768;

    sealed class Product(Int8Matrix weights, Int8Activations x, float* y, Int8KernelPath path) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var (first, last) = KernelThreads.Range(weights.Groups, part, parts);
            if (path == Int8KernelPath.AvxVnni)
                VnniGroups<VnniDot>(weights, x, y, first, last);
            else if (path == Int8KernelPath.Avx2)
                VnniGroups<Avx2Dot>(weights, x, y, first, last);
            else
                ScalarGroups(weights, x, y, first, last);
        }
    }

    /// <summary>Whether 4 rows of x take two full groups at a time (<see cref="Vnni4Pair"/>); off only to measure against one.</summary>
    internal static bool PairedGroups { get; set; } = true;

    /// <summary>
    /// Whether the kernels prefetch the weights two groups ahead (<see cref="PrefetchBlocks"/>); off only to measure
    /// against none. A whole gpt2 step's 49 products with their weights coming from memory, on and off alternated in one
    /// process (medians): 8 rows 8.6–9.9 against 11.1–12.9 ms, 4 rows 5.9 against 8.9, 16 rows 11.4 against 13.6, one
    /// row 4.1–4.7 against 4.6–5.0; 32 rows, where the products wait on arithmetic, unchanged.
    /// </summary>
    internal static bool PrefetchWeights { get; set; } = true;

    static void VnniGroups<TDot>(Int8Matrix w, Int8Activations x, float* y, int firstGroup, int lastGroup)
        where TDot : struct, IDot
    {
        var outputs = w.Rows;
        Span<float> partial = stackalloc float[Int8Matrix.GroupRows * 4];
        for (var group = firstGroup; group < lastGroup; group++)
        {
            var full = (group + 1) * Int8Matrix.GroupRows <= outputs;
            var row = 0;
            if (PairedGroups && x.Rows >= 4 && group + 1 < lastGroup && (group + 2) * Int8Matrix.GroupRows <= outputs)
            {
                for (; row + 4 <= x.Rows; row += 4)
                    Vnni4Pair<TDot>(w, x, group, row, y + (long)row * outputs + group * Int8Matrix.GroupRows, outputs);
                for (var rest = row; rest < x.Rows; rest++)
                    for (var g = group; g < group + 2; g++)
                        Vnni1<TDot>(w, x, g, rest).Store(y + (long)rest * outputs + g * Int8Matrix.GroupRows);
                group++;
                continue;
            }
            for (; row + 4 <= x.Rows; row += 4)
            {
                Vnni4<TDot>(w, x, group, row, out var a0, out var a1, out var a2, out var a3);
                if (full)
                {
                    var target = y + (long)row * outputs + group * Int8Matrix.GroupRows;
                    a0.Store(target);
                    a1.Store(target + outputs);
                    a2.Store(target + 2 * outputs);
                    a3.Store(target + 3 * outputs);
                }
                else
                {
                    fixed (float* p = partial)
                    {
                        a0.Store(p);
                        a1.Store(p + 8);
                        a2.Store(p + 16);
                        a3.Store(p + 24);
                        for (var r = 0; r < 4; r++)
                            CopyPartial(p + r * 8, y + (long)(row + r) * outputs, group, outputs);
                    }
                }
            }
            for (; row < x.Rows; row++)
            {
                var a = Vnni1<TDot>(w, x, group, row);
                if (full)
                    a.Store(y + (long)row * outputs + group * Int8Matrix.GroupRows);
                else
                    fixed (float* p = partial)
                    {
                        a.Store(p);
                        CopyPartial(p, y + (long)row * outputs, group, outputs);
                    }
            }
        }
    }

    static void CopyPartial(float* source, float* outputRow, int group, int outputs)
    {
        for (var i = 0; group * Int8Matrix.GroupRows + i < outputs; i++)
            outputRow[group * Int8Matrix.GroupRows + i] = source[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static Vector256<float> Vnni1<TDot>(Int8Matrix w, Int8Activations x, int group, int row)
        where TDot : struct, IDot
    {
        var blocks = w.Blocks;
        var values = w.Values + (long)group * blocks * Int8Matrix.GroupBlockBytes;
        var scales = w.Scales + (long)group * blocks * Int8Matrix.GroupRows;
        var q = x.Values + (long)row * blocks * Int8Matrix.BlockSize;
        var d = x.Scales + (long)row * blocks;
        var s = x.OffsetSums + (long)row * blocks;
        var acc = Vector256<float>.Zero;
        var ahead = values + 2L * blocks * Int8Matrix.GroupBlockBytes;
        for (var b = 0; b < blocks; b++)
        {
            var wb = values + b * Int8Matrix.GroupBlockBytes;
            PrefetchBlocks(ahead + b * Int8Matrix.GroupBlockBytes, 1);
            var qb = (int*)(q + b * Int8Matrix.BlockSize);
            var i0 = TDot.Add(Vector256<int>.Zero, TDot.Weights(Avx.LoadVector256(wb)), Vector256.Create(qb[0]).AsSByte());
            var i1 = TDot.Add(Vector256<int>.Zero, TDot.Weights(Avx.LoadVector256(wb + 32)), Vector256.Create(qb[1]).AsSByte());
            i0 = TDot.Add(i0, TDot.Weights(Avx.LoadVector256(wb + 64)), Vector256.Create(qb[2]).AsSByte());
            i1 = TDot.Add(i1, TDot.Weights(Avx.LoadVector256(wb + 96)), Vector256.Create(qb[3]).AsSByte());
            i0 = TDot.Add(i0, TDot.Weights(Avx.LoadVector256(wb + 128)), Vector256.Create(qb[4]).AsSByte());
            i1 = TDot.Add(i1, TDot.Weights(Avx.LoadVector256(wb + 160)), Vector256.Create(qb[5]).AsSByte());
            i0 = TDot.Add(i0, TDot.Weights(Avx.LoadVector256(wb + 192)), Vector256.Create(qb[6]).AsSByte());
            i1 = TDot.Add(i1, TDot.Weights(Avx.LoadVector256(wb + 224)), Vector256.Create(qb[7]).AsSByte());
            var sum = Avx.ConvertToVector256Single(TDot.Corrected(i0 + i1, s[b]));
            acc = Fma.MultiplyAdd(sum, Avx.LoadVector256(scales + b * Int8Matrix.GroupRows) * Vector256.Create(d[b]), acc);
        }
        return w.HasBias ? acc + Avx.LoadVector256(w.Bias + group * Int8Matrix.GroupRows) : acc;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Vnni4<TDot>(Int8Matrix w, Int8Activations x, int group, int row,
        out Vector256<float> a0, out Vector256<float> a1, out Vector256<float> a2, out Vector256<float> a3)
        where TDot : struct, IDot
    {
        var blocks = w.Blocks;
        var values = w.Values + (long)group * blocks * Int8Matrix.GroupBlockBytes;
        var scales = w.Scales + (long)group * blocks * Int8Matrix.GroupRows;
        var stride = (long)blocks * Int8Matrix.BlockSize;
        var q = x.Values + row * stride;
        var d = x.Scales + (long)row * blocks;
        var s = x.OffsetSums + (long)row * blocks;
        a0 = a1 = a2 = a3 = Vector256<float>.Zero;
        var ahead = values + 2L * blocks * Int8Matrix.GroupBlockBytes;
        for (var b = 0; b < blocks; b++)
        {
            var wb = values + b * Int8Matrix.GroupBlockBytes;
            PrefetchBlocks(ahead + b * Int8Matrix.GroupBlockBytes, 1);
            var q0 = (int*)(q + b * Int8Matrix.BlockSize);
            var q1 = (int*)((sbyte*)q0 + stride);
            var q2 = (int*)((sbyte*)q1 + stride);
            var q3 = (int*)((sbyte*)q2 + stride);
            // Two accumulators a row (even and odd chunks): 8 independent vpdpbusd chains hide its latency.
            Vector256<int> i0 = Vector256<int>.Zero, i1 = Vector256<int>.Zero, i2 = Vector256<int>.Zero, i3 = Vector256<int>.Zero;
            Vector256<int> j0 = Vector256<int>.Zero, j1 = Vector256<int>.Zero, j2 = Vector256<int>.Zero, j3 = Vector256<int>.Zero;
            for (var k = 0; k < 8; k += 2)
            {
                var wk = TDot.Weights(Avx.LoadVector256(wb + k * 32));
                i0 = TDot.Add(i0, wk, Vector256.Create(q0[k]).AsSByte());
                i1 = TDot.Add(i1, wk, Vector256.Create(q1[k]).AsSByte());
                i2 = TDot.Add(i2, wk, Vector256.Create(q2[k]).AsSByte());
                i3 = TDot.Add(i3, wk, Vector256.Create(q3[k]).AsSByte());
                var wl = TDot.Weights(Avx.LoadVector256(wb + k * 32 + 32));
                j0 = TDot.Add(j0, wl, Vector256.Create(q0[k + 1]).AsSByte());
                j1 = TDot.Add(j1, wl, Vector256.Create(q1[k + 1]).AsSByte());
                j2 = TDot.Add(j2, wl, Vector256.Create(q2[k + 1]).AsSByte());
                j3 = TDot.Add(j3, wl, Vector256.Create(q3[k + 1]).AsSByte());
            }
            i0 += j0;
            i1 += j1;
            i2 += j2;
            i3 += j3;
            var ws = Avx.LoadVector256(scales + b * Int8Matrix.GroupRows);
            a0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i0, s[b])), ws * Vector256.Create(d[b]), a0);
            a1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i1, s[b + blocks])), ws * Vector256.Create(d[b + blocks]), a1);
            a2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i2, s[b + 2 * blocks])), ws * Vector256.Create(d[b + 2 * blocks]), a2);
            a3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i3, s[b + 3 * blocks])), ws * Vector256.Create(d[b + 3 * blocks]), a3);
        }
        if (w.HasBias)
        {
            var bias = Avx.LoadVector256(w.Bias + group * Int8Matrix.GroupRows);
            a0 += bias;
            a1 += bias;
            a2 += bias;
            a3 += bias;
        }
    }

    /// <summary>
    /// Rows <paramref name="row"/> .. +3 of x times full groups <paramref name="group"/> and +1 (16 outputs), stored at
    /// <paramref name="y"/> (row stride <paramref name="outputs"/>): each broadcast of x serves two groups' weights (6 loads
    /// for 8 products, against 5 for 4 in <see cref="Vnni4"/>). Every block's integer sums and float steps are those of <see cref="Vnni1"/>,
    /// so the results are the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Vnni4Pair<TDot>(Int8Matrix w, Int8Activations x, int group, int row, float* y, int outputs)
        where TDot : struct, IDot
    {
        var blocks = w.Blocks;
        var values = w.Values + (long)group * blocks * Int8Matrix.GroupBlockBytes;
        var next = (long)blocks * Int8Matrix.GroupBlockBytes; // the second group's weights, from the first's
        var scales = w.Scales + (long)group * blocks * Int8Matrix.GroupRows;
        var nextScales = (long)blocks * Int8Matrix.GroupRows;
        var stride = (long)blocks * Int8Matrix.BlockSize;
        var q = x.Values + row * stride;
        var d = x.Scales + (long)row * blocks;
        var s = x.OffsetSums + (long)row * blocks;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
        var ahead = values + 2 * next; // the next pair, whose two groups lie side by side
        for (var b = 0; b < blocks; b++)
        {
            var wb = values + b * Int8Matrix.GroupBlockBytes;
            PrefetchBlocks(ahead + 2L * b * Int8Matrix.GroupBlockBytes, 2);
            var q0 = (int*)(q + b * Int8Matrix.BlockSize);
            var q1 = (int*)((sbyte*)q0 + stride);
            var q2 = (int*)((sbyte*)q1 + stride);
            var q3 = (int*)((sbyte*)q2 + stride);
            Vector256<int> i0 = default, i1 = default, i2 = default, i3 = default, j0 = default, j1 = default, j2 = default, j3 = default;
            for (var k = 0; k < 8; k++)
            {
                var first = TDot.Weights(Avx.LoadVector256(wb + k * 32));
                var second = TDot.Weights(Avx.LoadVector256(wb + next + k * 32));
                var x0 = Vector256.Create(q0[k]).AsSByte();
                i0 = TDot.Add(i0, first, x0);
                j0 = TDot.Add(j0, second, x0);
                var x1 = Vector256.Create(q1[k]).AsSByte();
                i1 = TDot.Add(i1, first, x1);
                j1 = TDot.Add(j1, second, x1);
                var x2 = Vector256.Create(q2[k]).AsSByte();
                i2 = TDot.Add(i2, first, x2);
                j2 = TDot.Add(j2, second, x2);
                var x3 = Vector256.Create(q3[k]).AsSByte();
                i3 = TDot.Add(i3, first, x3);
                j3 = TDot.Add(j3, second, x3);
            }
            var ws = Avx.LoadVector256(scales + b * Int8Matrix.GroupRows);
            var wt = Avx.LoadVector256(scales + nextScales + b * Int8Matrix.GroupRows);
            a0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i0, s[b])), ws * Vector256.Create(d[b]), a0);
            b0 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(j0, s[b])), wt * Vector256.Create(d[b]), b0);
            a1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i1, s[b + blocks])), ws * Vector256.Create(d[b + blocks]), a1);
            b1 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(j1, s[b + blocks])), wt * Vector256.Create(d[b + blocks]), b1);
            a2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i2, s[b + 2 * blocks])), ws * Vector256.Create(d[b + 2 * blocks]), a2);
            b2 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(j2, s[b + 2 * blocks])), wt * Vector256.Create(d[b + 2 * blocks]), b2);
            a3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(i3, s[b + 3 * blocks])), ws * Vector256.Create(d[b + 3 * blocks]), a3);
            b3 = Fma.MultiplyAdd(Avx.ConvertToVector256Single(TDot.Corrected(j3, s[b + 3 * blocks])), wt * Vector256.Create(d[b + 3 * blocks]), b3);
        }
        if (w.HasBias)
        {
            var bias = Avx.LoadVector256(w.Bias + group * Int8Matrix.GroupRows);
            var nextBias = Avx.LoadVector256(w.Bias + (group + 1) * Int8Matrix.GroupRows);
            (a0, a1, a2, a3) = (a0 + bias, a1 + bias, a2 + bias, a3 + bias);
            (b0, b1, b2, b3) = (b0 + nextBias, b1 + nextBias, b2 + nextBias, b3 + nextBias);
        }
        a0.Store(y);
        b0.Store(y + Int8Matrix.GroupRows);
        a1.Store(y + outputs);
        b1.Store(y + outputs + Int8Matrix.GroupRows);
        a2.Store(y + 2 * outputs);
        b2.Store(y + 2 * outputs + Int8Matrix.GroupRows);
        a3.Store(y + 3 * outputs);
        b3.Store(y + 3 * outputs + Int8Matrix.GroupRows);
    }

    /// <summary>
    /// Asks for <paramref name="count"/> group blocks' weights at <paramref name="p"/> (two groups past the ones being
    /// multiplied) to be brought into L2, so memory streams while the kernel computes. Prefetches never fault, so
    /// running past the matrix's end is harmless.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void PrefetchBlocks(byte* p, int count)
    {
        if (!PrefetchWeights)
            return;
        for (var line = 0; line < count * Int8Matrix.GroupBlockBytes; line += 64)
            Sse.Prefetch1(p + line);
    }

    /// <summary>
    /// The integer step of the kernels: 8 output rows' dot products with 4 activations each, in <c>vpdpbusd</c>'s layout
    /// (lane i holds row i's 4 weights, offset by 128). A struct type argument, so the JIT compiles each path's
    /// kernels with its instructions inlined.
    /// </summary>
    interface IDot
    {
        /// <summary>The weights as <see cref="Add"/> takes them.</summary>
        static abstract Vector256<byte> Weights(Vector256<byte> offsetWeights);

        /// <summary><paramref name="sums"/> plus each lane's 4 weights times the 4 activations <paramref name="x"/> (broadcast).</summary>
        static abstract Vector256<int> Add(Vector256<int> sums, Vector256<byte> weights, Vector256<sbyte> x);

        /// <summary>A block's signed sums from what <see cref="Add"/> summed, given 128 · Σx of the block.</summary>
        static abstract Vector256<int> Corrected(Vector256<int> sums, int offsetSum);
    }

    /// <summary>AVX-VNNI: <c>vpdpbusd</c> on the offset weights, then 128 · Σx taken off.</summary>
    readonly struct VnniDot : IDot
    {
        public static Vector256<byte> Weights(Vector256<byte> offsetWeights) => offsetWeights;

        public static Vector256<int> Add(Vector256<int> sums, Vector256<byte> weights, Vector256<sbyte> x) =>
            AvxVnni.MultiplyWideningAndAdd(sums, weights, x);

        public static Vector256<int> Corrected(Vector256<int> sums, int offsetSum) => sums - Vector256.Create(offsetSum);
    }

    /// <summary>
    /// AVX2, as llama.cpp does without VNNI: the weights made signed again (w − 128: ±127 at most), then
    /// <c>vpmaddubsw</c>(|x|, weights with x's signs) sums pairs into 16 bits (2 · 127 · 128 at most, no saturation)
    /// and <c>vpmaddwd</c> by ones pairs those into each lane's 32-bit sum: exactly the signed sums
    /// <see cref="VnniDot"/> gets, so the same bits.
    /// </summary>
    readonly struct Avx2Dot : IDot
    {
        public static Vector256<byte> Weights(Vector256<byte> offsetWeights) => offsetWeights ^ Vector256.Create((byte)0x80);

        public static Vector256<int> Add(Vector256<int> sums, Vector256<byte> weights, Vector256<sbyte> x)
        {
            var pairs = Avx2.MultiplyAddAdjacent(Avx2.Abs(x), Avx2.Sign(weights.AsSByte(), x));
            return sums + Avx2.MultiplyAddAdjacent(pairs, Vector256.Create((short)1));
        }

        public static Vector256<int> Corrected(Vector256<int> sums, int offsetSum) => sums;
    }

    static void ScalarGroups(Int8Matrix w, Int8Activations x, float* y, int firstGroup, int lastGroup)
    {
        var blocks = w.Blocks;
        for (var group = firstGroup; group < lastGroup; group++)
            for (var inGroup = 0; inGroup < Int8Matrix.GroupRows; inGroup++)
            {
                var output = group * Int8Matrix.GroupRows + inGroup;
                if (output >= w.Rows)
                    break;
                for (var row = 0; row < x.Rows; row++)
                {
                    var q = x.Values + (long)row * blocks * Int8Matrix.BlockSize;
                    var total = 0f;
                    for (var b = 0; b < blocks; b++)
                    {
                        var wb = w.Values + ((long)group * blocks + b) * Int8Matrix.GroupBlockBytes + inGroup * 4;
                        var dot = 0;
                        for (var i = 0; i < Int8Matrix.BlockSize; i++)
                            dot += wb[(i / 4) * Int8Matrix.GroupRows * 4 + i % 4] * q[b * Int8Matrix.BlockSize + i];
                        dot -= x.OffsetSums[(long)row * blocks + b];
                        total += dot * (w.Scales[((long)group * blocks + b) * Int8Matrix.GroupRows + inGroup] * x.Scales[(long)row * blocks + b]);
                    }
                    y[(long)row * w.Rows + output] = total + (w.HasBias ? w.Bias[output] : 0f);
                }
            }
    }
}
