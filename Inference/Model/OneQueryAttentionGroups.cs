using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Rows that share their keys and values: a bfloat16 prompt's queries, each attended on its own over the same cached keys
/// (<see cref="Attention"/>'s one query at a time, over keys expanded to every row). Four rows of a head go together,
/// so each key and value is read and widened once for the four, and their sums run side by side; each row's
/// multiply-adds are the very ones, in the very order, it has alone (a decode step's), so it gets the same bits.
/// </summary>
public static unsafe partial class OneQueryAttention
{
    /// <summary>Rows of one head attended together.</summary>
    const int Group = 4;

    /// <summary>Whether rows go <see cref="Group"/> at a time: they share their keys and values, heads of 64, and AVX-512 for the values' sums.</summary>
    static bool SharesKeys(in Layout layout, int rows) =>
        rows >= Group && layout.KeyStrides.Row == 0 && layout.ValueStrides.Row == 0 && layout.Size == 64 && Vector512.IsHardwareAccelerated;

    static int GroupCount(int rows) => (rows + Group - 1) / Group;

    /// <summary>Groups of rows × heads, split into parts; a last group of fewer rows goes a row at a time.</summary>
    sealed class GroupJob(Layout layout, int rows) : IKernelJob
    {
        public void Run(int part, int parts)
        {
            var units = GroupCount(rows) * layout.Heads;
            var (first, last) = KernelThreads.Range(units, part, parts);
            var padded = Padded(layout.Length);
            Span<float> scores = Group * padded <= 8192 ? stackalloc float[Group * padded] : new float[Group * padded];
            // The rows' queries widened (if bfloat16) and their outputs before rounding.
            Span<float> heads = stackalloc float[2 * Group * 64];
            fixed (float* s = scores)
            fixed (float* widened = heads)
                for (var unit = first; unit < last; unit++)
                {
                    var (row, h) = (unit / layout.Heads * Group, unit % layout.Heads);
                    if (row + Group > rows)
                    {
                        for (; row < rows; row++)
                            AttendPair(layout, row, h, s, widened);
                        continue;
                    }
                    AttendGroup(layout, row, h, s, padded, widened);
                }
        }
    }

    /// <summary>Rows <paramref name="row"/> .. + <see cref="Group"/> − 1 at head <paramref name="head"/>: queries read, attended, outputs written.</summary>
    static void AttendGroup(in Layout l, int row, int head, float* scores, int padded, float* widened)
    {
        var queries = stackalloc float*[Group];
        var outputs = stackalloc float*[Group];
        for (var r = 0; r < Group; r++)
        {
            var query = Query(l, row + r, head);
            queries[r] = l.HalfQueries ? widened + r * 64 : (float*)query;
            outputs[r] = l.HalfQueries ? widened + (Group + r) * 64 : (float*)l.Output + ((long)(row + r) * l.Heads + head) * 64;
            if (l.HalfQueries)
                BFloat16Bits.Widen((ushort*)query, queries[r], 64);
        }
        if (l.HalfCache)
            AttendGroup<ushort>(l, row, head, queries, outputs, scores, padded);
        else
            AttendGroup<float>(l, row, head, queries, outputs, scores, padded);
        if (l.HalfQueries)
            for (var r = 0; r < Group; r++)
                BFloat16Bits.Narrow(outputs[r], (ushort*)l.Output + ((long)(row + r) * l.Heads + head) * 64, 64);
    }

    /// <summary>As <c>AttendOne</c> for four rows over the same keys and values: scores, exponentials, weighted values.</summary>
    static void AttendGroup<T>(in Layout l, int row, int head, float** q, float** output, float* scores, int padded) where T : unmanaged
    {
        var keys = (T*)l.Keys + head * l.KeyStrides.Head;
        var masks = stackalloc byte*[Group];
        var rowScores = stackalloc float*[Group];
        var max = stackalloc float[Group];
        for (var r = 0; r < Group; r++)
        {
            masks[r] = l.Mask is null ? null : l.Mask + (long)(row + r) * l.MaskRowStride;
            rowScores[r] = scores + r * padded;
            max[r] = float.NegativeInfinity;
        }
        GroupScores(l, keys, q, masks, rowScores, max);

        var inverse = stackalloc float[Group];
        for (var r = 0; r < Group; r++)
        {
            if (float.IsNegativeInfinity(max[r]))
            {
                // Every key hidden: zeros, as alone; its weights are zeros, so the values' sums leave it alone.
                new Span<float>(rowScores[r], l.Length).Clear();
                inverse[r] = 0f;
                continue;
            }
            inverse[r] = 1f / Exponentiate(rowScores[r], l.Length, max[r]);
        }
        var values = (T*)l.Values + head * l.ValueStrides.Head;
        WeighValues64x4(rowScores, values, l.ValueStrides.Position, l.Length, inverse, output);
    }

    /// <summary>The four rows' scores and maxima: four keys at a time against the four queries, each sum the chain it is alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void GroupScores<T>(in Layout l, T* keys, float** q, byte** masks, float** scores, float* max) where T : unmanaged
    {
        var stride = l.KeyStrides.Position;
        float* q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
        var s = 0;
        for (; s + 4 <= l.Length; s += 4)
        {
            if (l.Mask is not null && Hidden(masks[0], s) && Hidden(masks[1], s) && Hidden(masks[2], s) && Hidden(masks[3], s))
            {
                for (var r = 0; r < Group; r++)
                    new Span<float>(scores[r] + s, 4).Fill(float.NegativeInfinity);
                continue;
            }
            var key = keys + s * stride;
            Ahead(key + Distance * stride, stride, 64);
            Vector256<float> d00 = default, d01 = default, d02 = default, d03 = default, d10 = default, d11 = default, d12 = default, d13 = default;
            Vector256<float> d20 = default, d21 = default, d22 = default, d23 = default, d30 = default, d31 = default, d32 = default, d33 = default;
            for (var i = 0; i < 64; i += 8)
            {
                var (k0, k1, k2, k3) = (Load8(key + i), Load8(key + stride + i), Load8(key + 2 * stride + i), Load8(key + 3 * stride + i));
                var query = Vector256.Load(q0 + i);
                (d00, d01, d02, d03) = (Vector256.FusedMultiplyAdd(query, k0, d00), Vector256.FusedMultiplyAdd(query, k1, d01),
                    Vector256.FusedMultiplyAdd(query, k2, d02), Vector256.FusedMultiplyAdd(query, k3, d03));
                query = Vector256.Load(q1 + i);
                (d10, d11, d12, d13) = (Vector256.FusedMultiplyAdd(query, k0, d10), Vector256.FusedMultiplyAdd(query, k1, d11),
                    Vector256.FusedMultiplyAdd(query, k2, d12), Vector256.FusedMultiplyAdd(query, k3, d13));
                query = Vector256.Load(q2 + i);
                (d20, d21, d22, d23) = (Vector256.FusedMultiplyAdd(query, k0, d20), Vector256.FusedMultiplyAdd(query, k1, d21),
                    Vector256.FusedMultiplyAdd(query, k2, d22), Vector256.FusedMultiplyAdd(query, k3, d23));
                query = Vector256.Load(q3 + i);
                (d30, d31, d32, d33) = (Vector256.FusedMultiplyAdd(query, k0, d30), Vector256.FusedMultiplyAdd(query, k1, d31),
                    Vector256.FusedMultiplyAdd(query, k2, d32), Vector256.FusedMultiplyAdd(query, k3, d33));
            }
            Scores4(scores[0], s, d00, d01, d02, d03, masks[0], l.Scale, ref max[0]);
            Scores4(scores[1], s, d10, d11, d12, d13, masks[1], l.Scale, ref max[1]);
            Scores4(scores[2], s, d20, d21, d22, d23, masks[2], l.Scale, ref max[2]);
            Scores4(scores[3], s, d30, d31, d32, d33, masks[3], l.Scale, ref max[3]);
        }
        for (; s < l.Length; s++)
        {
            var key = keys + s * stride;
            for (var r = 0; r < Group; r++)
            {
                var dot = Vector256<float>.Zero;
                for (var i = 0; i < 64; i += 8)
                    dot = Vector256.FusedMultiplyAdd(Vector256.Load(q[r] + i), Load8(key + i), dot);
                max[r] = Score(scores[r], s, dot, masks[r], l.Scale, max[r]);
            }
        }
    }

    /// <summary>Whether a row's mask hides all four keys from <paramref name="s"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static bool Hidden(byte* mask, int s) => *(int*)(mask + s) == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Scores4(float* scores, int s, Vector256<float> d0, Vector256<float> d1, Vector256<float> d2, Vector256<float> d3, byte* mask, float scale, ref float max)
    {
        max = Score(scores, s, d0, mask, scale, max);
        max = Score(scores, s + 1, d1, mask, scale, max);
        max = Score(scores, s + 2, d2, mask, scale, max);
        max = Score(scores, s + 3, d3, mask, scale, max);
    }

    /// <summary>
    /// <c>WeighValues64</c> for four rows: each value read and widened once, then added into each row whose weight is not 0,
    /// 16 elements a register. Each element's sum is the same chain of multiply-adds as alone, so the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void WeighValues64x4<T>(float** weights, T* values, long stride, int length, float* inverse, float** output) where T : unmanaged
    {
        float* w0s = weights[0], w1s = weights[1], w2s = weights[2], w3s = weights[3];
        Vector512<float> y00 = default, y01 = default, y02 = default, y03 = default, y10 = default, y11 = default, y12 = default, y13 = default;
        Vector512<float> y20 = default, y21 = default, y22 = default, y23 = default, y30 = default, y31 = default, y32 = default, y33 = default;
        for (var s = 0; s < length; s++)
        {
            var value = values + s * stride;
            if ((s & 3) == 0)
                Ahead(value + Distance * stride, stride, 64);
            var (w0, w1, w2, w3) = (w0s[s], w1s[s], w2s[s], w3s[s]);
            if (w0 == 0f && w1 == 0f && w2 == 0f && w3 == 0f)
                continue;
            var (v0, v1, v2, v3) = (Load16(value), Load16(value + 16), Load16(value + 32), Load16(value + 48));
            if (w0 != 0f)
            {
                var w = Vector512.Create(w0);
                (y00, y01, y02, y03) = (Vector512.FusedMultiplyAdd(w, v0, y00), Vector512.FusedMultiplyAdd(w, v1, y01),
                    Vector512.FusedMultiplyAdd(w, v2, y02), Vector512.FusedMultiplyAdd(w, v3, y03));
            }
            if (w1 != 0f)
            {
                var w = Vector512.Create(w1);
                (y10, y11, y12, y13) = (Vector512.FusedMultiplyAdd(w, v0, y10), Vector512.FusedMultiplyAdd(w, v1, y11),
                    Vector512.FusedMultiplyAdd(w, v2, y12), Vector512.FusedMultiplyAdd(w, v3, y13));
            }
            if (w2 != 0f)
            {
                var w = Vector512.Create(w2);
                (y20, y21, y22, y23) = (Vector512.FusedMultiplyAdd(w, v0, y20), Vector512.FusedMultiplyAdd(w, v1, y21),
                    Vector512.FusedMultiplyAdd(w, v2, y22), Vector512.FusedMultiplyAdd(w, v3, y23));
            }
            if (w3 != 0f)
            {
                var w = Vector512.Create(w3);
                (y30, y31, y32, y33) = (Vector512.FusedMultiplyAdd(w, v0, y30), Vector512.FusedMultiplyAdd(w, v1, y31),
                    Vector512.FusedMultiplyAdd(w, v2, y32), Vector512.FusedMultiplyAdd(w, v3, y33));
            }
        }
        Store64(output[0], inverse[0], y00, y01, y02, y03);
        Store64(output[1], inverse[1], y10, y11, y12, y13);
        Store64(output[2], inverse[2], y20, y21, y22, y23);
        Store64(output[3], inverse[3], y30, y31, y32, y33);
    }

    /// <summary>A row's 64 sums times its 1 / Σ exp into <paramref name="output"/> (zeros for a row with no key to see: its sums are zeros, its inverse 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store64(float* output, float inverse, Vector512<float> y0, Vector512<float> y1, Vector512<float> y2, Vector512<float> y3)
    {
        var scale = Vector512.Create(inverse);
        (y0 * scale).Store(output);
        (y1 * scale).Store(output + 16);
        (y2 * scale).Store(output + 32);
        (y3 * scale).Store(output + 48);
    }

    /// <summary>16 cached elements as float32: loaded, or bfloat16 widened.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Load16<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector512.Load((float*)p) : BFloat16Bits.Widen16(Vector256.Load((ushort*)p));
}
