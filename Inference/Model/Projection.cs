using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>A linear layer's forward on the path that suits its weights and rows: int8 weights, the bfloat16 decode kernel, or libtorch.</summary>
internal static class Projection
{
    /// <param name="layer">The layer (its float weights, if they are still there).</param>
    /// <param name="int8">Its int8 weights, once quantized.</param>
    /// <param name="x">(..., in) inputs.</param>
    public static Tensor Forward(Linear layer, Int8Linear? int8, Tensor x) =>
        int8 is not null ? int8.Forward(x) : BFloat16Linear.TryForward(x, layer.weight!, layer.bias) ?? layer.forward(x);
}
