using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A cache that also does the attention, for a step whose tokens belong to different sequences (one
/// sequence's prompt chunk beside other sequences' next tokens, all in one forward pass so the weights
/// are read once). Attention gets this step's queries, keys and values and returns its output.
/// </summary>
public interface IRaggedAttention : IKeyValueCache
{
    /// <summary>Stores this step's keys and values and attends each query over its own sequence.</summary>
    /// <param name="layer">The transformer block's index.</param>
    /// <param name="queries">(B, nh, T, hs).</param>
    /// <param name="keys">(B, nh, T, hs).</param>
    /// <param name="values">(B, nh, T, hs).</param>
    /// <returns>(B, nh, T, hs) attention output.</returns>
    Tensor Attend(int layer, Tensor queries, Tensor keys, Tensor values);
}
