using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Rows 0..B−1 of the pool decoding one token each: the new key and value go in place at each row's own
/// position (scatter_ into a narrow() view, no copy of the cache), and attention reads the first
/// <c>attendLength</c> positions of those rows; the caller masks keys past each row's position.
/// </summary>
internal sealed class BatchedDecodeCache : IKeyValueCache
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;
    readonly Tensor _positions;
    readonly int _attendLength;
    Tensor? _index;

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
        // (B, nh, 1, hs) positions to write; the same for every layer, so built once per step.
        _index ??= _positions.view(batch, 1, 1, 1).expand(keys.shape).contiguous();
        var rowsKeys = _keys[layer].narrow(0, 0, batch); // (B, nh, L, hs)
        var rowsValues = _values[layer].narrow(0, 0, batch);
        rowsKeys.scatter_(2, _index, keys);
        rowsValues.scatter_(2, _index, values);
        return (rowsKeys.narrow(2, 0, _attendLength), rowsValues.narrow(2, 0, _attendLength));
    }
}
