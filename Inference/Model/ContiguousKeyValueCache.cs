using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A cache for a batch of sequences that all have the same length: preallocated to the model's window,
/// written in place, read back as a view (no copy of the cache per step).
/// </summary>
public sealed class ContiguousKeyValueCache : IKeyValueCache, IDisposable
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;

    public ContiguousKeyValueCache(Gpt2Config config, int batch, int capacity, Device device, ScalarType dtype)
    {
        Capacity = capacity;
        _keys = new Tensor[config.NLayer];
        _values = new Tensor[config.NLayer];
        for (var layer = 0; layer < config.NLayer; layer++)
        {
            _keys[layer] = zeros(batch, config.NHead, capacity, config.HeadSize, dtype, device); // (B, nh, L, hs)
            _values[layer] = zeros(batch, config.NHead, capacity, config.HeadSize, dtype, device);
        }
    }

    /// <summary>Positions stored so far (the next token's position).</summary>
    public int Length { get; private set; }

    /// <summary>The most positions this cache holds.</summary>
    public int Capacity { get; }

    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values)
    {
        var steps = (int)keys.shape[2];
        if (Length + steps > Capacity)
            throw new InvalidOperationException($"The sequence would grow past the cache's {Capacity} positions.");
        _keys[layer].narrow(2, Length, steps).copy_(keys);
        _values[layer].narrow(2, Length, steps).copy_(values);
        return (_keys[layer].narrow(2, 0, Length + steps), _values[layer].narrow(2, 0, Length + steps));
    }

    /// <summary>Called once the step's forward pass has stored all layers: the new positions count from now.</summary>
    public void Advance(int steps) => Length += steps;

    /// <summary>Forgets positions from <paramref name="length"/> on (they are overwritten by the next step).</summary>
    public void Truncate(int length) => Length = Math.Min(Length, Math.Max(0, length));

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
            tensor.Dispose();
    }
}
