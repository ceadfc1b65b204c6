using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// Every cache slot the worker will ever use, allocated once: per layer one key and one value tensor of
/// shape (slots, nh, L + 1, hs). Sequences being decoded are kept in rows 0..B−1 so that a decode step reads
/// a narrow() view of the pool and never copies it; rows move only when a sequence joins or leaves. The
/// extra position L is scratch: the padding rows of a bucketed decode step write their keys there, where
/// nobody reads them.
/// </summary>
internal sealed class KeyValueCachePool : IDisposable
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;

    public KeyValueCachePool(Gpt2Config config, int slots, int capacity, Device device, ScalarType dtype)
    {
        Slots = slots;
        Capacity = capacity;
        _keys = new Tensor[config.NLayer];
        _values = new Tensor[config.NLayer];
        for (var layer = 0; layer < config.NLayer; layer++)
        {
            _keys[layer] = zeros(slots, config.NHead, capacity + 1, config.HeadSize, dtype, device).DetachFromDisposeScope(); // (N, nh, L + 1, hs)
            _values[layer] = zeros(slots, config.NHead, capacity + 1, config.HeadSize, dtype, device).DetachFromDisposeScope();
        }
    }

    /// <summary>Rows (sequences held at once).</summary>
    public int Slots { get; }

    /// <summary>Positions per row.</summary>
    public int Capacity { get; }

    /// <summary>Where padding rows write: a position past <see cref="Capacity"/> that no attention reads.</summary>
    public int ScratchPosition => Capacity;

    /// <summary>Layer <paramref name="layer"/>'s whole key and value tensors, (N, nh, L + 1, hs).</summary>
    internal (Tensor Keys, Tensor Values) Layer(int layer) => (_keys[layer], _values[layer]);

    /// <summary>A view that prefills <paramref name="row"/> from position <paramref name="offset"/> on.</summary>
    public IKeyValueCache ForPrefill(int row, int offset) => new SlotPrefillCache(_keys, _values, row, offset);

    /// <summary>
    /// A view that decodes rows 0..B−1 together, writing each row's new key and value at its own position.
    /// </summary>
    /// <param name="positions">(B) the position each row writes; must live in the step's dispose scope.</param>
    /// <param name="attendLength">Keys to attend over: the largest position + 1.</param>
    public IKeyValueCache ForDecode(Tensor positions, int attendLength) => new BatchedDecodeCache(_keys, _values, positions, attendLength);

    /// <summary>
    /// Exchanges the cached positions of two rows (the first <paramref name="lengthA"/> of row
    /// <paramref name="a"/> and the first <paramref name="lengthB"/> of row <paramref name="b"/>).
    /// Call inside a dispose scope.
    /// </summary>
    public void Swap(int a, int lengthA, int b, int lengthB)
    {
        if (a == b || (lengthA == 0 && lengthB == 0))
            return;
        foreach (var pool in _keys.Concat(_values))
        {
            var held = lengthA > 0 ? pool[a].narrow(1, 0, lengthA).clone() : null; // (nh, lengthA, hs)
            if (lengthB > 0)
                pool[a].narrow(1, 0, lengthB).copy_(pool[b].narrow(1, 0, lengthB));
            if (held is not null)
                pool[b].narrow(1, 0, lengthA).copy_(held);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
            tensor.Dispose();
    }
}
