using AdventureServer.Inference.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Rows 0..B−1 of the pool decoding one token each: the new key and value go in place at each row's own
/// position (index_put_ at (row, position), no copy of the cache), and attention reads the first
/// <c>attendLength</c> positions of those rows; the caller masks keys past each row's position.
/// </summary>
internal sealed class BatchedDecodeCache : IKeyValueCache
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;
    readonly Tensor _positions;
    readonly int _attendLength;
    Tensor? _rows;

    public BatchedDecodeCache(Tensor[] keys, Tensor[] values, Tensor positions, int attendLength)
    {
        _keys = keys;
        _values = values;
        _positions = positions;
        _attendLength = attendLength;
    }

    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values)
    {
        var batch = keys.shape[0];
        // Rows 0..B−1, the same for every layer, so built once per step. index_put_ rather than scatter_:
        // in bfloat16 on the CPU scatter_ took 8× as long (24 writes 0.74–0.95 ms against 0.12).
        _rows ??= arange(batch, ScalarType.Int64, _positions.device);
        var rowsKeys = _keys[layer].narrow(0, 0, batch); // (B, nh, L, hs)
        var rowsValues = _values[layer].narrow(0, 0, batch);
        // [rows, :, positions] picks (B, nh, hs): row b's heads at its own position.
        rowsKeys.index_put_(keys.squeeze(2).to(rowsKeys.dtype), TensorIndex.Tensor(_rows), TensorIndex.Colon, TensorIndex.Tensor(_positions));
        rowsValues.index_put_(values.squeeze(2).to(rowsValues.dtype), TensorIndex.Tensor(_rows), TensorIndex.Colon, TensorIndex.Tensor(_positions));
        return (rowsKeys.narrow(2, 0, _attendLength), rowsValues.narrow(2, 0, _attendLength));
    }
}
