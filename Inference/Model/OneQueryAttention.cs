using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Attention of one query a row over a float32 or bfloat16 KV cache on the CPU, in float32, in one pass per row and head:
/// <c>softmax(q·kᵀ / √hs, masked) · v</c>, read straight from the cache's memory (a view into the pool, any
/// strides, as long as a key's values lie side by side), split over <see cref="KernelThreads"/>.
/// </summary>
/// <remarks>
/// A decode step's attention reads every cached key and value once (at 8 rows over 192 keys, 113 MB of
/// float32 a step for gpt2, as much as its int8 weights), and libtorch's way (two batched products, a scale,
/// a masked fill and a softmax, five passes) took 11–16 ms of a 35–50 ms 8-row step here. Each row and head
/// is computed on its own, in the same order whatever the batch, so a row's output does not depend on the
/// rows beside it.
/// </remarks>
public static unsafe class OneQueryAttention
{
    /// <summary>
    /// Whether <see cref="Attend(Tensor, Tensor, Tensor, Tensor?)"/> takes these tensors: on the CPU, one float32 query a row,
    /// keys and values both float32 or both bfloat16 (with AVX2), heads a multiple of 8 wide, and a mask of (B or 1, 1, 1, S) if any.
    /// </summary>
    public static bool Supports(Tensor queries, Tensor keys, Tensor values, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        if (!Vector256.IsHardwareAccelerated || queries.device_type != DeviceType.CPU || queries.dim() != 4 || queries.shape[2] != 1)
            return false;
        if (keys.dim() != 4 || values.dim() != 4 || keys.device_type != DeviceType.CPU || values.device_type != DeviceType.CPU)
            return false;
        if (queries.dtype != ScalarType.Float32 || values.dtype != keys.dtype || !SupportsCache(keys.dtype))
            return false;
        var (batch, heads, size) = (queries.shape[0], queries.shape[1], queries.shape[3]);
        if (size % Vector256<float>.Count != 0 || keys.stride(3) != 1 || values.stride(3) != 1)
            return false;
        if (keys.shape[0] != batch || keys.shape[1] != heads || keys.shape[3] != size || !keys.shape.SequenceEqual(values.shape))
            return false;
        return mask is null || (mask.dtype == ScalarType.Bool && mask.device_type == DeviceType.CPU && mask.dim() == 4
            && (mask.shape[0] == batch || mask.shape[0] == 1) && mask.shape[1] == 1 && mask.shape[2] == 1 && mask.shape[3] == keys.shape[2]);
    }

    /// <summary>Whether a cache of <paramref name="dtype"/> can be read: float32, or bfloat16 where AVX2 widens it.</summary>
    public static bool SupportsCache(ScalarType dtype) =>
        Vector256.IsHardwareAccelerated && (dtype == ScalarType.Float32 || (dtype == ScalarType.BFloat16 && Avx2.IsSupported));

    /// <summary>(B, nh, 1, hs) attention output in float32; a row whose mask hides every key gets zeros.</summary>
    /// <param name="queries">(B, nh, 1, hs).</param>
    /// <param name="keys">(B, nh, S, hs), a view into a cache.</param>
    /// <param name="values">(B, nh, S, hs), a view into a cache.</param>
    /// <param name="mask">(B or 1, 1, 1, S) true where a row may see a key; null for all.</param>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask) =>
        Attend(queries, keys, values, mask, KernelThreads.Shared);

    /// <summary>As <see cref="Attend(Tensor, Tensor, Tensor, Tensor?)"/> on a given set of threads (for tests).</summary>
    public static Tensor Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask, KernelThreads threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        if (!Supports(queries, keys, values, mask))
            throw new ArgumentException("One-query attention takes CPU tensors: float32 queries (B, nh, 1, hs), float32 or bfloat16 keys and values (B, nh, S, hs) with hs a multiple of 8, a mask of (B or 1, 1, 1, S).");
        using var q = queries.contiguous();
        using var m = mask?.contiguous();
        var output = empty(queries.shape, ScalarType.Float32, queries.device);
        var (batch, heads, length) = ((int)keys.shape[0], (int)keys.shape[1], (int)keys.shape[2]);
        if (batch == 0 || heads == 0)
            return output;
        var job = new Job(new Layout
        {
            Queries = (float*)TensorMemory.Pointer(q),
            Keys = TensorMemory.First(keys),
            Values = TensorMemory.First(values),
            HalfCache = keys.dtype == ScalarType.BFloat16,
            KeyStrides = (keys.stride(0), keys.stride(1), keys.stride(2)),
            ValueStrides = (values.stride(0), values.stride(1), values.stride(2)),
            Mask = m is null ? null : (byte*)TensorMemory.Pointer(m),
            MaskRowStride = m is null || m.shape[0] == 1 ? 0 : length,
            Output = (float*)TensorMemory.Pointer(output),
            Heads = heads,
            Length = length,
            Size = (int)queries.shape[3],
            Scale = (float)(1.0 / Math.Sqrt(queries.shape[3])),
        }, batch * heads);
        threads.Run(Math.Min(batch * heads, 4 * threads.Count), job);
        return output;
    }

    struct Layout
    {
        public float* Queries;
        public void* Keys; // float or bfloat16 (as ushort), per HalfCache
        public void* Values;
        public bool HalfCache;
        public (long Row, long Head, long Position) KeyStrides;
        public (long Row, long Head, long Position) ValueStrides;
        public byte* Mask;
        public int MaskRowStride;
        public float* Output;
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
            var padded = (layout.Length + Vector256<float>.Count - 1) / Vector256<float>.Count * Vector256<float>.Count;
            Span<float> scores = padded <= 4096 ? stackalloc float[padded] : new float[padded];
            fixed (float* s = scores)
                for (var pair = first; pair < last; pair++)
                {
                    if (layout.HalfCache)
                        AttendOne<ushort>(layout, pair / layout.Heads, pair % layout.Heads, s);
                    else
                        AttendOne<float>(layout, pair / layout.Heads, pair % layout.Heads, s);
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void AttendOne<T>(in Layout l, int row, int head, float* scores) where T : unmanaged
    {
        var size = l.Size;
        var vectors = size / Vector256<float>.Count;
        var q = l.Queries + ((long)row * l.Heads + head) * size;
        var keys = (T*)l.Keys + row * l.KeyStrides.Row + head * l.KeyStrides.Head;
        var mask = l.Mask is null ? null : l.Mask + (long)row * l.MaskRowStride;
        var output = l.Output + ((long)row * l.Heads + head) * size;

        // Scores and their maximum, over the keys the row may see.
        var max = float.NegativeInfinity;
        for (var s = 0; s < l.Length; s++)
        {
            if (mask is not null && mask[s] == 0)
            {
                scores[s] = float.NegativeInfinity;
                continue;
            }
            var key = keys + s * l.KeyStrides.Position;
            var dot = Vector256<float>.Zero;
            for (var i = 0; i < vectors; i++)
                dot = Vector256.FusedMultiplyAdd(Vector256.Load(q + i * 8), Load8(key + i * 8), dot);
            var score = Vector256.Sum(dot) * l.Scale;
            scores[s] = score;
            max = MathF.Max(max, score);
        }
        new Span<float>(output, size).Clear();
        if (float.IsNegativeInfinity(max))
            return;

        // exp(score − max) in place (a hidden key's is 0), and their sum, 8 keys at a time from the first, the last 8
        // padded with hidden keys: key s is always lane s % 8 of block s / 8, and blocks past a row's keys add zeros, so a
        // row's sums do not depend on how many keys the batch around it holds (a longer row beside it pads it further).
        var sum = 0f;
        var top = Vector256.Create(max);
        for (var s = l.Length; s % Vector256<float>.Count != 0; s++)
            scores[s] = float.NegativeInfinity;
        for (var s8 = 0; s8 < l.Length; s8 += Vector256<float>.Count)
        {
            var e = Vector256.Exp(Vector256.Load(scores + s8) - top);
            e.Store(scores + s8);
            sum += Vector256.Sum(e);
        }

        // The weighted sum of the values, then the normalisation.
        var values = (T*)l.Values + row * l.ValueStrides.Row + head * l.ValueStrides.Head;
        for (var s = 0; s < l.Length; s++)
        {
            var weight = scores[s];
            if (weight == 0f)
                continue;
            var value = values + s * l.ValueStrides.Position;
            var w = Vector256.Create(weight);
            for (var i = 0; i < vectors; i++)
                Vector256.FusedMultiplyAdd(w, Load8(value + i * 8), Vector256.Load(output + i * 8)).Store(output + i * 8);
        }
        var inverse = Vector256.Create(1f / sum);
        for (var i = 0; i < vectors; i++)
            (Vector256.Load(output + i * 8) * inverse).Store(output + i * 8);
    }

    /// <summary>8 cached elements as float32: loaded, or bfloat16 widened (its bits are a float32's upper half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Load8<T>(T* p) where T : unmanaged =>
        typeof(T) == typeof(float) ? Vector256.Load((float*)p)
            : Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32((ushort*)p), 16).AsSingle();
}
