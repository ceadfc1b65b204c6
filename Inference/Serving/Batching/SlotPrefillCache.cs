using AdventureServer.Inference.Model;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>One row of the pool, written from an offset on: a prompt chunk after the positions already cached.</summary>
internal sealed class SlotPrefillCache(Tensor[] keys, Tensor[] values, int row, int offset) : IKeyValueCache
{
    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys1, Tensor values1)
    {
        var steps = keys1.size(2);
        var slotKeys = keys[layer].narrow(0, row, 1); // (1, nh, L, hs)
        var slotValues = values[layer].narrow(0, row, 1);
        slotKeys.narrow(2, offset, steps).copy_(keys1);
        slotValues.narrow(2, offset, steps).copy_(values1);
        return (slotKeys.narrow(2, 0, offset + steps), slotValues.narrow(2, 0, offset + steps));
    }
}
