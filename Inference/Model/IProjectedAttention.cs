using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A cache that can store a step's keys and values and attend its queries straight from the q/k/v projection's output
/// (a CPU decode step's: one query a row), with the bits of splitting it into heads and attending the usual way.
/// </summary>
public interface IProjectedAttention
{
    /// <summary>(B, T, C) attention output for <paramref name="projected"/>, or null where this step cannot be taken so (the caller splits the heads).</summary>
    /// <param name="layer">The transformer block's index.</param>
    /// <param name="projected">(B, T, 3C): queries, keys and values, heads side by side in each.</param>
    /// <param name="heads">nh.</param>
    /// <param name="mask">The mask the model was given, (B, 1, T, S), or null.</param>
    Tensor? TryAttendProjected(int layer, Tensor projected, int heads, Tensor? mask);
}
