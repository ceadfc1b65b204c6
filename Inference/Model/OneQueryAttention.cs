using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Attention of one query a row over a float32 or bfloat16 KV cache on the CPU, in float32, in one pass per row and head:
/// <c>softmax(q·kᵀ / √hs, masked) · v</c>, read straight from the cache's memory (a view into the pool, any
/// strides, as long as a key's values lie side by side), split over <see cref="KernelThreads"/>. The queries may be a
/// view too (the q/k/v projection's output, split into heads) and bfloat16, widened where they are read; bfloat16
/// queries get a bfloat16 output, rounded as libtorch rounds, so a bfloat16 model's decode step attends with no
/// conversions around the kernel and the same bits as attending over queries converted to float32 and back.
/// </summary>
/// <remarks>
/// A decode step's attention reads every cached key and value once (at 8 rows over 192 keys, 113 MB of
/// float32 a step for gpt2, as much as its int8 weights), and libtorch's way (two batched products, a scale,
/// a masked fill and a softmax, five passes) took 11–16 ms of a 35–50 ms 8-row step here. Each row and head
/// is computed on its own, in the same order whatever the batch, so a row's output does not depend on the
/// rows beside it.
/// </remarks>
public static unsafe partial class OneQueryAttention
{
    /// <summary>
    /// Whether <see cref="Attend(Tensor, Tensor, Tensor, Tensor?)"/> takes these tensors: on the CPU, one float32 or bfloat16
    /// query a row (a head's elements side by side), keys and values both float32 or both bfloat16 (with AVX2), heads a
    /// multiple of 8 wide, and a mask of (B or 1, 1, 1, S) if any.
    /// </summary>
    public static bool Supports(Tensor queries, Tensor keys, Tensor values, Tensor? mask) => Describe(queries, keys, values, mask) is not null;

    /// <summary>Whether a cache of <paramref name="dtype"/> can be read: float32, or bfloat16 where AVX2 widens it.</summary>
    public static bool SupportsCache(ScalarType dtype) =>
        Vector256.IsHardwareAccelerated && (dtype == ScalarType.Float32 || (dtype == ScalarType.BFloat16 && Avx2.IsSupported));

    /// <summary>Whether heads of <paramref name="size"/> elements can be read: a whole number of 8-float vectors.</summary>
    public static bool SupportsHeadSize(long size) => size % Vector256<float>.Count == 0;

    /// <summary>(B, nh, 1, hs) attention output in the queries' dtype, contiguous; a row whose mask hides every key gets zeros.</summary>
    /// <param name="queries">(B, nh, 1, hs), float32 or bfloat16, any strides but the last.</param>
    /// <param name="keys">(B, nh, S, hs), a view into a cache.</param>
    /// <param name="values">(B, nh, S, hs), a view into a cache.</param>
    /// <param name="mask">(B or 1, 1, 1, S) true where a row may see a key; null for all.</param>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask) =>
        Attend(queries, keys, values, mask, KernelThreads.Shared);

    /// <summary>As <see cref="Attend(Tensor, Tensor, Tensor, Tensor?)"/> on a given set of threads (for tests).</summary>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask, KernelThreads threads) =>
        TryAttend(queries, keys, values, mask, threads)
        ?? throw new ArgumentException("One-query attention takes CPU tensors: float32 or bfloat16 queries (B, nh, 1, hs), float32 or bfloat16 keys and values (B, nh, S, hs) with hs a multiple of 8, a mask of (B or 1, 1, 1, S).");

    /// <summary>As <see cref="Attend(Tensor, Tensor, Tensor, Tensor?)"/> where <see cref="Supports"/> holds, else null (one check for both).</summary>
    public static Tensor? TryAttend(Tensor queries, Tensor keys, Tensor values, Tensor? mask) =>
        TryAttend(queries, keys, values, mask, KernelThreads.Shared);

    static Tensor? TryAttend(Tensor queries, Tensor keys, Tensor values, Tensor? mask, KernelThreads threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        if (Describe(queries, keys, values, mask) is not { } found)
            return null;
        var (layout, shape) = found;
        var output = empty(shape, layout.HalfQueries ? ScalarType.BFloat16 : ScalarType.Float32, queries.device);
        if (shape[0] == 0 || layout.Heads == 0)
            return output;
        var m = mask is null || mask.is_contiguous() ? mask : mask.contiguous();
        try
        {
            layout.Queries = TensorMemory.Data(queries);
            layout.Keys = TensorMemory.Data(keys);
            layout.Values = TensorMemory.Data(values);
            layout.Mask = m is null ? null : (byte*)TensorMemory.Data(m);
            layout.Output = TensorMemory.Data(output);
            AttendRows(layout, (int)shape[0], threads);
            return output;
        }
        finally
        {
            if (!ReferenceEquals(m, mask))
                m!.Dispose();
        }
    }

    /// <summary>
    /// The attention of <paramref name="rows"/> rows laid out in memory as <paramref name="layout"/> says, with none of the
    /// checks of the tensor overloads: for a caller that has made them and holds the addresses and strides already (a
    /// decode step's cache, <c>BatchedDecodeCache.TryAttendProjected</c>, at every layer).
    /// </summary>
    internal static void AttendRows(in Layout layout, int rows, KernelThreads threads)
    {
        var pairs = rows * layout.Heads;
        if (pairs == 0)
            return;
        if (SharesKeys(layout, rows))
            threads.Run(Math.Min(GroupCount(rows) * layout.Heads, 4 * threads.Count), new GroupJob(layout, rows));
        else
            threads.Run(Math.Min(pairs, 4 * threads.Count), new Job(layout, pairs));
    }

    /// <summary>
    /// The layout of tensors <see cref="Supports"/> takes (all but its addresses) and the queries' shape; null for others.
    /// Each shape, stride and dtype is read from libtorch once: a decode step attends at every layer, and every read is a native call.
    /// </summary>
    static (Layout Layout, long[] QueryShape)? Describe(Tensor queries, Tensor keys, Tensor values, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (!Vector256.IsHardwareAccelerated || queries.device_type != DeviceType.CPU)
            return null;
        var halfQueries = queries.dtype == ScalarType.BFloat16;
        if (!halfQueries && queries.dtype != ScalarType.Float32 || halfQueries && !Avx2.IsSupported)
            return null;
        var q = TensorShape.Of(queries);
        if (q.Length != 4 || q[2] != 1 || keys.device_type != DeviceType.CPU || values.device_type != DeviceType.CPU)
            return null;
        var cache = keys.dtype;
        if (values.dtype != cache || !SupportsCache(cache))
            return null;
        var (k, v) = (TensorShape.Of(keys), TensorShape.Of(values));
        var (batch, heads, size) = (q[0], q[1], q[3]);
        if (k.Length != 4 || !k.AsSpan().SequenceEqual(v) || k[0] != batch || k[1] != heads || k[3] != size || !SupportsHeadSize(size))
            return null;
        var (queryStrides, keyStrides, valueStrides) = (TensorShape.StridesOf(queries), TensorShape.StridesOf(keys), TensorShape.StridesOf(values));
        if (queryStrides[3] != 1 || keyStrides[3] != 1 || valueStrides[3] != 1)
            return null;
        var maskRows = 0L;
        if (mask is not null)
        {
            if (mask.dtype != ScalarType.Bool || mask.device_type != DeviceType.CPU)
                return null;
            var m = TensorShape.Of(mask);
            if (m.Length != 4 || (m[0] != batch && m[0] != 1) || m[1] != 1 || m[2] != 1 || m[3] != k[2])
                return null;
            maskRows = m[0];
        }
        return (new Layout
        {
            HalfQueries = halfQueries,
            QueryStrides = (queryStrides[0], queryStrides[1]),
            HalfCache = cache == ScalarType.BFloat16,
            KeyStrides = (keyStrides[0], keyStrides[1], keyStrides[2]),
            ValueStrides = (valueStrides[0], valueStrides[1], valueStrides[2]),
            MaskRowStride = maskRows > 1 ? (int)k[2] : 0,
            Heads = (int)heads,
            Length = (int)k[2],
            Size = (int)size,
            Scale = (float)(1.0 / Math.Sqrt(size)),
        }, q);
    }

    /// <summary>Where one step's queries, cached keys and values, mask and output lie, and their sizes.</summary>
    internal struct Layout
    {
        public void* Queries; // float or bfloat16 (as ushort), per HalfQueries, and so the output
        public bool HalfQueries;
        public (long Row, long Head) QueryStrides;
        public void* Keys; // float or bfloat16 (as ushort), per HalfCache
        public void* Values;
        public bool HalfCache;
        public (long Row, long Head, long Position) KeyStrides;
        public (long Row, long Head, long Position) ValueStrides;
        public byte* Mask;
        public int MaskRowStride;
        public void* Output; // (B, nh, 1, hs) contiguous
        public int Heads;
        public int Length;
        public int Size;
        public float Scale;
    }

    /// <summary>Rows × heads pairs, split into parts.</summary>
    sealed class Job(Layout layout, int pairs) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var (first, last) = KernelThreads.Range(pairs, part, parts);
            var padded = Padded(layout.Length);
            Span<float> scores = padded <= 4096 ? stackalloc float[padded] : new float[padded];
            // A bfloat16 head's query widened, and its output before rounding.
            Span<float> head = layout.Size <= 512 ? stackalloc float[2 * layout.Size] : new float[2 * layout.Size];
            fixed (float* s = scores)
            fixed (float* widened = head)
                for (var pair = first; pair < last; pair++)
                    AttendPair(layout, pair / layout.Heads, pair % layout.Heads, s, widened);
        }
    }

    /// <summary>Keys padded to whole 8-float vectors (the exponentials are taken 8 at a time).</summary>
    static int Padded(int length) => (length + Vector256<float>.Count - 1) / Vector256<float>.Count * Vector256<float>.Count;

    /// <summary>One row and head: its query read (widened into <paramref name="widened"/> if bfloat16), attended, and its output written.</summary>
    static void AttendPair(in Layout layout, int row, int h, float* scores, float* widened)
    {
        var pair = (long)row * layout.Heads + h;
        var query = Query(layout, row, h);
        var q = layout.HalfQueries ? widened : (float*)query;
        var output = layout.HalfQueries ? widened + layout.Size : (float*)layout.Output + pair * layout.Size;
        if (layout.HalfQueries)
            BFloat16Bits.Widen((ushort*)query, q, layout.Size);
        if (layout.HalfCache)
            AttendOne<ushort>(layout, row, h, q, output, scores);
        else
            AttendOne<float>(layout, row, h, q, output, scores);
        if (layout.HalfQueries)
            BFloat16Bits.Narrow(output, (ushort*)layout.Output + pair * layout.Size, layout.Size);
    }

    /// <summary>Where row <paramref name="row"/>'s query at head <paramref name="head"/> lies (float32 or bfloat16).</summary>
    static byte* Query(in Layout layout, int row, int head) =>
        (byte*)layout.Queries + (row * layout.QueryStrides.Row + head * layout.QueryStrides.Head) * (layout.HalfQueries ? sizeof(ushort) : sizeof(float));

    /// <summary>Row <paramref name="row"/>'s attention at head <paramref name="head"/> for its float32 query <paramref name="q"/>, into <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AttendOne<T>(in Layout l, int row, int head, float* q, float* output, float* scores) where T : unmanaged
    {
        var size = l.Size;
        var vectors = size / Vector256<float>.Count;
        var keys = (T*)l.Keys + row * l.KeyStrides.Row + head * l.KeyStrides.Head;
        var mask = l.Mask is null ? null : l.Mask + (long)row * l.MaskRowStride;

        // Scores and their maximum, over the keys the row may see: four keys at a time, each its own running sum along the
        // head as one key at a time would be, interleaved only so that the four chains of multiply-adds overlap.
        var max = float.NegativeInfinity;
        var stride = l.KeyStrides.Position;
        var s = 0;
        for (; s + 4 <= l.Length; s += 4)
        {
            if (mask is not null && *(int*)(mask + s) == 0)
            {
                new Span<float>(scores + s, 4).Fill(float.NegativeInfinity);
                continue;
            }
            var key = keys + s * stride;
            Ahead(key + Distance * stride, stride, size);
            Vector256<float> dot0 = default, dot1 = default, dot2 = default, dot3 = default;
            for (var i = 0; i < vectors; i++)
            {
                var query = Vector256.Load(q + i * 8);
                dot0 = Vector256.FusedMultiplyAdd(query, Load8(key + i * 8), dot0);
                dot1 = Vector256.FusedMultiplyAdd(query, Load8(key + stride + i * 8), dot1);
                dot2 = Vector256.FusedMultiplyAdd(query, Load8(key + 2 * stride + i * 8), dot2);
                dot3 = Vector256.FusedMultiplyAdd(query, Load8(key + 3 * stride + i * 8), dot3);
            }
            max = Score(scores, s, dot0, mask, l.Scale, max);
            max = Score(scores, s + 1, dot1, mask, l.Scale, max);
            max = Score(scores, s + 2, dot2, mask, l.Scale, max);
            max = Score(scores, s + 3, dot3, mask, l.Scale, max);
        }
        for (; s < l.Length; s++)
        {
            var key = keys + s * stride;
            var dot = Vector256<float>.Zero;
            for (var i = 0; i < vectors; i++)
                dot = Vector256.FusedMultiplyAdd(Vector256.Load(q + i * 8), Load8(key + i * 8), dot);
            max = Score(scores, s, dot, mask, l.Scale, max);
        }
        new Span<float>(output, size).Clear();
        if (float.IsNegativeInfinity(max))
            return;

        // exp(score − max) in place (a hidden key's is 0), and their sum, 8 keys at a time from the first, the last 8
        // padded with hidden keys: key s is always lane s % 8 of block s / 8, and blocks past a row's keys add zeros, so a
        // row's sums do not depend on how many keys the batch around it holds (a longer row beside it pads it further).
        var sum = Exponentiate(scores, l.Length, max);

        // The weighted sum of the values, then the normalisation.
        var values = (T*)l.Values + row * l.ValueStrides.Row + head * l.ValueStrides.Head;
        if (vectors == 8)
            WeighValues64(scores, values, l.ValueStrides.Position, l.Length, 1f / sum, output);
        else
            WeighValues(scores, values, l.ValueStrides.Position, l.Length, vectors, 1f / sum, output);
    }

    /// <summary>exp(score − max) in place over <paramref name="length"/> scores (padded to whole vectors with hidden keys), and their sum.</summary>
    static float Exponentiate(float* scores, int length, float max)
    {
        var sum = 0f;
        var top = Vector256.Create(max);
        for (var pad = length; pad % Vector256<float>.Count != 0; pad++)
            scores[pad] = float.NegativeInfinity;
        for (var s8 = 0; s8 < length; s8 += Vector256<float>.Count)
        {
            var e = Vector256.Exp(Vector256.Load(scores + s8) - top);
            e.Store(scores + s8);
            sum += Vector256.Sum(e);
        }
        return sum;
    }

    /// <summary>How many keys (or values) ahead of the four being read the next ones are fetched into the cache.</summary>
    const int Distance = 16;

    /// <summary>
    /// Fetches four keys (or values) from <paramref name="first"/>, <paramref name="stride"/> elements apart, into the cache:
    /// a row's keys lie in the cache pool's pages, whose ends the CPU's own prefetcher stops at, and a decode step reads
    /// its cache once, cold (the weights streamed through since).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Ahead<T>(T* first, long stride, int size) where T : unmanaged
    {
        var bytes = size * sizeof(T);
        for (var k = 0; k < 4; k++)
            for (var line = 0; line < bytes; line += 64)
                Sse.Prefetch0((byte*)(first + k * stride) + line);
    }

    /// <summary>A key's score (its dot product with the query, scaled) into <paramref name="scores"/>, or −∞ where the mask hides it; the running maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Score(float* scores, int s, Vector256<float> dot, byte* mask, float scale, float max)
    {
        if (mask is not null && mask[s] == 0)
        {
            scores[s] = float.NegativeInfinity;
            return max;
        }
        var score = Vector256.Sum(dot) * scale;
        scores[s] = score;
        return MathF.Max(max, score);
    }

    /// <summary>output = Σ weight(s) · value(s) · inverse, over keys of nonzero weight, in key order, into a zeroed output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void WeighValues<T>(float* weights, T* values, long stride, int length, int vectors, float inverse, float* output) where T : unmanaged
    {
        for (var s = 0; s < length; s++)
        {
            var weight = weights[s];
            if (weight == 0f)
                continue;
            var value = values + s * stride;
            var w = Vector256.Create(weight);
            for (var i = 0; i < vectors; i++)
                Vector256.FusedMultiplyAdd(w, Load8(value + i * 8), Vector256.Load(output + i * 8)).Store(output + i * 8);
        }
        var scale = Vector256.Create(inverse);
        for (var i = 0; i < vectors; i++)
            (Vector256.Load(output + i * 8) * scale).Store(output + i * 8);
    }

    /// <summary>
    /// <see cref="WeighValues"/> for heads of 64 (every GPT-2 size's), the sums held in eight registers rather than
    /// loaded and stored at every key: the same multiply-adds in the same order, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void WeighValues64<T>(float* weights, T* values, long stride, int length, float inverse, float* output) where T : unmanaged
    {
        Vector256<float> y0 = default, y1 = default, y2 = default, y3 = default, y4 = default, y5 = default, y6 = default, y7 = default;
        for (var s = 0; s < length; s++)
        {
            var value = values + s * stride;
            if ((s & 3) == 0)
                Ahead(value + Distance * stride, stride, 64);
            var weight = weights[s];
            if (weight == 0f)
                continue;
            var w = Vector256.Create(weight);
            y0 = Vector256.FusedMultiplyAdd(w, Load8(value), y0);
            y1 = Vector256.FusedMultiplyAdd(w, Load8(value + 8), y1);
            y2 = Vector256.FusedMultiplyAdd(w, Load8(value + 16), y2);
            y3 = Vector256.FusedMultiplyAdd(w, Load8(value + 24), y3);
            y4 = Vector256.FusedMultiplyAdd(w, Load8(value + 32), y4);
            y5 = Vector256.FusedMultiplyAdd(w, Load8(value + 40), y5);
            y6 = Vector256.FusedMultiplyAdd(w, Load8(value + 48), y6);
            y7 = Vector256.FusedMultiplyAdd(w, Load8(value + 56), y7);
        }
        var scale = Vector256.Create(inverse);
        (y0 * scale).Store(output);
        (y1 * scale).Store(output + 8);
        (y2 * scale).Store(output + 16);
        (y3 * scale).Store(output + 24);
        (y4 * scale).Store(output + 32);
        (y5 * scale).Store(output + 40);
        (y6 * scale).Store(output + 48);
        (y7 * scale).Store(output + 56);
    }

    /// <summary>8 cached elements as float32: loaded, or bfloat16 widened (its bits are a float32's upper half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Load8<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.Load((float*)p) : BFloat16Bits.Widen8((ushort*)p);
}
