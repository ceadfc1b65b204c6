using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// Where attention keeps the keys and values of positions already seen, so that each new token costs
/// one position rather than the whole story again.
/// </summary>
public interface IKeyValueCache
{
    /// <summary>
    /// Stores this step's keys and values for one layer and returns everything the step's queries may
    /// attend to, the new positions included.
    /// </summary>
    /// <param name="layer">The transformer block's index.</param>
    /// <param name="keys">This step's keys, (B, nh, T, hs).</param>
    /// <param name="values">This step's values, (B, nh, T, hs).</param>
    /// <returns>Keys and values to attend over, (B, nh, S, hs) each.</returns>
    (Tensor Keys, Tensor Values) Update(int layer, Tensor keys, Tensor values);
}
