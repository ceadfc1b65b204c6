using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using AdventureServer.Inference.Devices;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Sampling;

/// <summary>
/// Each row's k largest values and their indices, largest first, on the CPU: one pass with a heap of the k best so far,
/// eight values at a time checked against its smallest (past the first few hundred, almost none gets in). Equal values
/// come lowest index first (libtorch leaves their order open). libtorch's <c>topk</c> of 40 over 8 rows of gpt2's
/// vocabulary took 0.85 ms of a decode step with the game's sampling settings here.
/// </summary>
internal static unsafe class RowTopK
{
    /// <summary>
    /// (B, k) values and (B, k) int64 indices of <paramref name="x"/> (B, V), contiguous float32 on the CPU, with
    /// 1 ≤ <paramref name="k"/> ≤ V; null otherwise, or where a row holds a NaN (libtorch's way then).
    /// </summary>
    public static (Tensor Values, Tensor Ids)? TryOf(Tensor x, int k)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!Vector256.IsHardwareAccelerated || x.device_type != DeviceType.CPU || x.dtype != ScalarType.Float32 || x.dim() != 2
            || !x.is_contiguous() || k < 1 || k > x.size(1))
            return null;
        var (rows, width) = ((int)x.size(0), (int)x.size(1));
        var data = (float*)TensorMemory.Data(x);
        var values = new float[rows * k];
        var ids = new long[rows * k];
        var heapValues = new float[k];
        var heapIds = new int[k];
        var order = new int[k];
        // Best first: the heap's own order, reversed (ids differ, so no two places compare equal).
        Comparison<int> bestFirst = (a, b) => Worse(heapValues, heapIds, a, b) ? 1 : Worse(heapValues, heapIds, b, a) ? -1 : 0;
        for (var row = 0; row < rows; row++)
        {
            if (!Row(data + (long)row * width, width, heapValues, heapIds))
                return null;
            for (var i = 0; i < k; i++)
                order[i] = i;
            Array.Sort(order, bestFirst);
            for (var i = 0; i < k; i++)
                (values[row * k + i], ids[row * k + i]) = (heapValues[order[i]], heapIds[order[i]]);
        }
        return (tensor(values, [rows, k]), tensor(ids, [rows, k]));
    }

    /// <summary>The row's k best (by value, then by lower index) into the heap arrays, in heap order; false where it holds a NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static bool Row(float* x, int width, float[] heapValues, int[] heapIds)
    {
        var k = heapValues.Length;
        for (var i = 0; i < k; i++)
        {
            if (float.IsNaN(x[i]))
                return false;
            (heapValues[i], heapIds[i]) = (x[i], i);
        }
        for (var i = k / 2 - 1; i >= 0; i--)
            SiftDown(heapValues, heapIds, i);
        var s = k;
        var nan = Vector256<float>.Zero;
        for (; s + 8 <= width; s += 8)
        {
            var v = Vector256.Load(x + s);
            nan |= ~Vector256.Equals(v, v);
            if (Vector256.GreaterThan(v, Vector256.Create(heapValues[0])) == Vector256<float>.Zero)
                continue;
            for (var lane = 0; lane < 8; lane++)
                Offer(heapValues, heapIds, x[s + lane], s + lane);
        }
        if (nan != Vector256<float>.Zero)
            return false;
        for (; s < width; s++)
        {
            if (float.IsNaN(x[s]))
                return false;
            Offer(heapValues, heapIds, x[s], s);
        }
        return true;
    }

    /// <summary>Takes (value, id) in place of the heap's worst if it is larger (an equal one comes later, so it is worse).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Offer(float[] heapValues, int[] heapIds, float value, int id)
    {
        if (!(value > heapValues[0]))
            return;
        (heapValues[0], heapIds[0]) = (value, id);
        SiftDown(heapValues, heapIds, 0);
    }

    /// <summary>Restores the min-heap below <paramref name="at"/>: the worst on top, the worst of equal values the one of higher index.</summary>
    static void SiftDown(float[] values, int[] ids, int at)
    {
        var count = values.Length;
        while (true)
        {
            var (left, worst) = (2 * at + 1, at);
            if (left < count && Worse(values, ids, left, worst))
                worst = left;
            if (left + 1 < count && Worse(values, ids, left + 1, worst))
                worst = left + 1;
            if (worst == at)
                return;
            (values[at], values[worst]) = (values[worst], values[at]);
            (ids[at], ids[worst]) = (ids[worst], ids[at]);
            at = worst;
        }
    }

    static bool Worse(float[] values, int[] ids, int a, int b) => values[a] < values[b] || (values[a] == values[b] && ids[a] > ids[b]);
}
