using AdventureServer.Inference.Devices;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A cache for a batch of sequences that all have the same length: preallocated to the model's window,
/// written in place, read back as a view (no copy of the cache per step). On the CPU a decode step attends straight
/// from the q/k/v projection (<see cref="ProjectedStep"/>), as the worker's does.
/// </summary>
public sealed class ContiguousKeyValueCache : IKeyValueCache, IProjectedAttention, IDisposable
{
    readonly Tensor[] _keys;
    readonly Tensor[] _values;
    readonly (long Row, long Head, long Position) _strides;
    readonly long[] _stepPositions;

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
        _strides = (config.NHead * (long)capacity * config.HeadSize, (long)capacity * config.HeadSize, config.HeadSize);
        Batch = batch;
        _stepPositions = new long[batch];
        Heads = config.NHead;
        HeadSize = config.HeadSize;
    }

    int Batch { get; }

    int Heads { get; }

    int HeadSize { get; }

    /// <summary>Positions stored so far (the next token's position).</summary>
    public int Length { get; private set; }

    /// <summary>The most positions this cache holds.</summary>
    public int Capacity { get; }

    public (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values)
    {
        var steps = (int)keys.size(2);
        if (Length + steps > Capacity)
            throw new InvalidOperationException($"The sequence would grow past the cache's {Capacity} positions.");
        _keys[layer].narrow(2, Length, steps).copy_(keys);
        _values[layer].narrow(2, Length, steps).copy_(values);
        return (_keys[layer].narrow(2, 0, Length + steps), _values[layer].narrow(2, 0, Length + steps));
    }

    /// <summary>
    /// A decode step (one new position a row, no mask) on the CPU: each row's key and value stored at <see cref="Length"/>
    /// and its query attended over the <see cref="Length"/> + 1 keys, read in place; null for anything else (a prompt, a
    /// mask, another device or dtype), which <see cref="Update"/> takes. The bits are those of <see cref="Update"/> and
    /// <see cref="Attention.Attend"/>: the same copies, the same kernel.
    /// </summary>
    public Tensor? TryAttendProjected(int layer, Tensor projected, int heads, Tensor? mask)
    {
        ArgumentNullException.ThrowIfNull(projected);
        var keys = _keys[layer];
        if (mask is not null || heads != Heads || !OneQueryAttention.SupportsHeadSize(HeadSize) || !ProjectedStep.Takes(projected, keys.dtype))
            return null;
        var shape = TensorShape.Of(projected);
        if (shape.Length != 3 || shape[0] != Batch || shape[1] != 1 || shape[2] != 3L * heads * HeadSize)
            return null;
        if (Length + 1 > Capacity)
            throw new InvalidOperationException($"The sequence would grow past the cache's {Capacity} positions.");
        Array.Fill(_stepPositions, Length); // every row's new position, the same in this cache
        return ProjectedStep.Attend(projected, keys, _values[layer], _strides, _stepPositions, heads, HeadSize, Length + 1, mask: null);
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
