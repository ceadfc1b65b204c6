using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A CPU decode step's attention straight from the q/k/v projection's output (<see cref="IProjectedAttention"/>): each
/// row's new key and value copied from it into the cache at the row's position, then each row's query, read in place,
/// attended over the cache's first keys by <see cref="OneQueryAttention"/>. The bits are those of splitting the
/// projection into heads, storing them and attending the usual way: the same copies, the same kernel. The worker's
/// pool (<c>BatchedDecodeCache</c>) and the plain loop's <see cref="ContiguousKeyValueCache"/> both go this way.
/// </summary>
internal static unsafe class ProjectedStep
{
    /// <summary>
    /// Whether a step of <paramref name="projected"/> can go this way over a cache of <paramref name="cacheType"/>: on the CPU,
    /// the projection contiguous and in the cache's dtype, which the kernel reads, and the kernel on.
    /// </summary>
    public static bool Takes(Tensor projected, ScalarType cacheType) =>
        Attention.OneQueryKernel && projected.device_type == DeviceType.CPU && projected.dtype == cacheType
        && OneQueryAttention.SupportsCache(cacheType) && projected.is_contiguous();

    /// <summary>(B, 1, C) or (1, B, C), as <paramref name="projected"/> is, in its dtype.</summary>
    /// <param name="projected">(B, 1, 3C) or (1, B, 3C): each row's query, key and value, heads side by side in each.</param>
    /// <param name="keys">The layer's cached keys, (rows, nh, L, hs) at <paramref name="strides"/>.</param>
    /// <param name="values">The layer's cached values, laid out as the keys.</param>
    /// <param name="strides">The caches' strides (row, head, position), in elements.</param>
    /// <param name="positions">Where each row's new key and value go (row b at positions[b]).</param>
    /// <param name="heads">nh.</param>
    /// <param name="size">hs.</param>
    /// <param name="length">Keys each row attends over, the new one included.</param>
    /// <param name="mask">(B, 1, 1, length) true where a row may see a key, contiguous; null for all.</param>
    public static Tensor Attend(Tensor projected, Tensor keys, Tensor values, (long Row, long Head, long Position) strides, long[] positions,
        int heads, long size, int length, Tensor? mask)
    {
        var shape = TensorShape.Of(projected);
        var width = heads * size;
        var rows = positions.Length;
        var output = empty([shape[0], shape[1], width], projected.dtype, projected.device);
        var (element, half) = (keys.ElementSize, keys.dtype == ScalarType.BFloat16);
        var step = (byte*)TensorMemory.Data(projected);
        var keyCache = (byte*)TensorMemory.Data(keys);
        var valueCache = (byte*)TensorMemory.Data(values);
        var rowHeads = (Row: 3 * width, Head: size);
        CopyHeads(step + width * element, rowHeads, keyCache, strides, positions, heads, size, element);
        CopyHeads(step + 2 * width * element, rowHeads, valueCache, strides, positions, heads, size, element);
        OneQueryAttention.AttendRows(new OneQueryAttention.Layout
        {
            Queries = step,
            HalfQueries = half,
            QueryStrides = (3 * width, size),
            Keys = keyCache,
            Values = valueCache,
            HalfCache = half,
            KeyStrides = strides,
            ValueStrides = strides,
            Mask = mask is null ? null : (byte*)TensorMemory.Data(mask),
            MaskRowStride = mask is not null && rows > 1 ? length : 0,
            Output = TensorMemory.Data(output),
            Heads = heads,
            Length = length,
            Size = (int)size,
            Scale = (float)(1.0 / Math.Sqrt(size)),
        }, rows, KernelThreads.Shared);
        return output;
    }

    /// <summary>
    /// Row b's <paramref name="heads"/> heads of <paramref name="size"/> elements, <paramref name="from"/> at its strides
    /// (in elements), to <paramref name="to"/>[b, head, positions[b]] at the cache's strides.
    /// </summary>
    public static void CopyHeads(byte* from, (long Row, long Head) source, byte* to, (long Row, long Head, long Position) cache,
        long[] positions, long heads, long size, long element)
    {
        var bytes = size * element;
        for (var row = 0; row < positions.Length; row++)
            for (var head = 0; head < heads; head++)
                Buffer.MemoryCopy(from + (row * source.Row + head * source.Head) * element,
                    to + (row * cache.Row + head * cache.Head + positions[row] * cache.Position) * element, bytes, bytes);
    }
}
