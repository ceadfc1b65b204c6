using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Rows 0..B−1 of the pool decoding one token each: the new key and value go in place at each row's own
/// position (no copy of the cache), and attention reads the first <c>attendLength</c> positions of those rows;
/// the caller masks keys past each row's position. On CUDA the write is an <c>index_put_</c> at (row, position),
/// a tensor op a CUDA graph replays; on the CPU it is a plain copy of each row's heads to where they go, which
/// took 0.3–0.5 ms less a gpt2 step than libtorch's indexing machinery (24 calls a step). On the CPU a step can also
/// hand over the q/k/v projection's output whole (<see cref="TryAttendProjected"/>): the keys and values are copied from it
/// and the queries read in it, with no tensor made for the heads.
/// </summary>
internal sealed unsafe class BatchedDecodeCache : IKeyValueCache, IProjectedAttention
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;
    readonly Tensor _positions;
    readonly int _attendLength;
    Tensor? _rows;
    long[]? _hostPositions;
    (long[] Shape, long[] Strides)? _pool; // the same for every layer's keys and values

    public BatchedDecodeCache(Tensor[] keys, Tensor[] values, Tensor positions, int attendLength)
    {
        _keys = keys;
        _values = values;
        _positions = positions;
        _attendLength = attendLength;
    }

    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values)
    {
        var batch = keys.size(0);
        var rowsKeys = _keys[layer].narrow(0, 0, batch); // (B, nh, L, hs)
        var rowsValues = _values[layer].narrow(0, 0, batch);
        if (_positions.device_type == DeviceType.CPU)
        {
            WriteAtPositions(_keys[layer], keys, HostPositions());
            WriteAtPositions(_values[layer], values, HostPositions());
        }
        else
        {
            // Rows 0..B−1, the same for every layer, so built once per step. index_put_ rather than scatter_:
            // in bfloat16 scatter_ took 8× as long (24 writes 0.74–0.95 ms against 0.12, on the CPU).
            _rows ??= arange(batch, ScalarType.Int64, _positions.device);
            // [rows, :, positions] picks (B, nh, hs): row b's heads at its own position.
            rowsKeys.index_put_(keys.squeeze(2).to(rowsKeys.dtype), TensorIndex.Tensor(_rows), TensorIndex.Colon, TensorIndex.Tensor(_positions));
            rowsValues.index_put_(values.squeeze(2).to(rowsValues.dtype), TensorIndex.Tensor(_rows), TensorIndex.Colon, TensorIndex.Tensor(_positions));
        }
        return (rowsKeys.narrow(2, 0, _attendLength), rowsValues.narrow(2, 0, _attendLength));
    }

    /// <summary>
    /// On the CPU: each row's key and value from <paramref name="projected"/> into the pool at its position, then each
    /// row's query attended over its keys 0..S−1 as <paramref name="mask"/> lets it, all read in place; (B, 1, C) or
    /// (1, B, C) as the projection is, in its dtype, the bits of splitting it into heads, <see cref="Update"/> and <see cref="Attention.Attend"/>
    /// (the same copies and the same kernel). The other way a gpt2 decode step makes ~70 native calls a layer (views,
    /// checks, strides): at one row its attention took 0.85–1.1 ms a step with the split into heads, this way 0.51–0.55
    /// (of it the kernel's 0.37–0.39). Null where it does not apply: off the CPU, a projection not in the pool's dtype
    /// or not contiguous, heads the kernel does not take, the kernel switched off (<see cref="Attention.OneQueryKernel"/>).
    /// </summary>
    /// <param name="layer">The block's index.</param>
    /// <param name="projected">(B, 1, 3C) (a decode step's) or (1, B, 3C) (a ragged step's rows): each row's query, key and value, heads side by side in each.</param>
    /// <param name="heads">nh.</param>
    /// <param name="mask">(B, 1, 1, S) true where a row may see a key; null for all.</param>
    public Tensor? TryAttendProjected(int layer, Tensor projected, int heads, Tensor? mask)
    {
        var pool = _keys[layer];
        if (_positions.device_type != DeviceType.CPU || !ProjectedStep.Takes(projected, pool.dtype)
            || mask is not null && (!mask.is_contiguous() || mask.dtype != ScalarType.Bool))
            return null;
        var shape = TensorShape.Of(projected);
        _pool ??= (pool.shape, pool.stride());
        var (poolShape, poolStrides) = _pool.Value;
        var size = poolShape[3];
        var positions = HostPositions();
        var rows = positions.Length;
        if (shape.Length != 3 || shape[0] * shape[1] != rows || shape[0] != 1 && shape[1] != 1 || shape[2] != 3 * heads * size || poolShape[1] != heads
            || !OneQueryAttention.SupportsHeadSize(size) || mask is not null && !TensorShape.Of(mask).AsSpan().SequenceEqual([rows, 1L, 1L, _attendLength]))
            return null;
        return ProjectedStep.Attend(projected, pool, _values[layer], (poolStrides[0], poolStrides[1], poolStrides[2]), positions, heads, size, _attendLength, mask);
    }

    /// <summary>
    /// Each row's position, read from the device once a step (they are the same for every layer) and checked against the
    /// pool's length, since the copies write where they say.
    /// </summary>
    long[] HostPositions()
    {
        if (_hostPositions is null)
        {
            var positions = _positions.data<long>().ToArray();
            var length = _keys[0].size(2);
            foreach (var position in positions)
                if (position < 0 || position >= length)
                    throw new InvalidOperationException($"A decode row's position {position} lies outside the pool's {length} positions.");
            _hostPositions = positions;
        }
        return _hostPositions;
    }

    /// <summary>Copies row b's (nh, hs) of <paramref name="step"/> (B, nh, 1, hs), any strides, to <paramref name="pool"/>[b, :, positions[b]].</summary>
    static void WriteAtPositions(Tensor pool, Tensor step, long[] positions)
    {
        using var source = step.dtype == pool.dtype ? step.alias() : step.to(pool.dtype);
        var size = source.size(3);
        if (source.stride(3) != 1)
            throw new InvalidOperationException("A step's keys and values have their head's elements side by side.");
        ProjectedStep.CopyHeads((byte*)TensorMemory.Data(source), (source.stride(0), source.stride(1)), (byte*)TensorMemory.Data(pool),
            (pool.stride(0), pool.stride(1), pool.stride(2)), positions, source.size(1), size, pool.ElementSize);
    }
}
