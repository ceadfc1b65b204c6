using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Model;

/// <summary>
/// A linear layer's forward on the path that suits its weights and rows: int8 weights, the bfloat16 kernel, the float32
/// decode kernel, or libtorch. A LayerNorm before the layer is given with it: the bfloat16 kernel normalises the rows as
/// it takes them.
/// </summary>
internal static class Projection
{
    /// <param name="layer">The layer (its float weights, if they are still there).</param>
    /// <param name="int8">Its int8 weights, once quantized.</param>
    /// <param name="x">(..., in) inputs.</param>
    public static Tensor Forward(Linear layer, Int8Linear? int8, Tensor x) =>
        int8 is not null ? int8.Forward(x) : BFloat16Linear.TryForward(x, layer.weight!, layer.bias) ?? Unfused(layer, null, x);

    /// <summary>The layer's outputs where the bfloat16 kernel declined: int8 weights, the float32 decode kernel, or libtorch.</summary>
    static Tensor Unfused(Linear layer, Int8Linear? int8, Tensor x) =>
        int8?.Forward(x) ?? Float32Linear.TryForward(x, layer.weight!, layer.bias) ?? layer.forward(x);

    /// <summary>The layer's outputs for <paramref name="x"/> normalised by <paramref name="norm"/>.</summary>
    public static Tensor ForwardNormed(LayerNorm norm, Linear layer, Int8Linear? int8, Tensor x)
    {
        if (int8 is null && BFloat16Linear.TryForward(x, layer.weight!, layer.bias, norm: norm) is { } y)
            return y;
        using var normed = norm.forward(x);
        return Forward(layer, int8, normed);
    }

    /// <summary>GPT-2's GELU (tanh form) of the layer's outputs for <paramref name="x"/> normalised by <paramref name="norm"/>; the bfloat16 kernel applies it as it rounds them.</summary>
    public static Tensor ForwardNormedGelu(LayerNorm norm, Linear layer, Int8Linear? int8, Tensor x)
    {
        if (int8 is null && BFloat16Linear.TryForward(x, layer.weight!, layer.bias, gelu: true, norm: norm) is { } activated)
            return activated;
        using var normed = norm.forward(x);
        return ForwardGelu(layer, int8, normed);
    }

    /// <summary>GPT-2's GELU (tanh form) of the layer's outputs; the bfloat16 kernel applies it as it rounds them.</summary>
    static Tensor ForwardGelu(Linear layer, Int8Linear? int8, Tensor x)
    {
        if (int8 is null && BFloat16Linear.TryForward(x, layer.weight!, layer.bias, gelu: true) is { } activated)
            return activated;
        // The kernel declined (or the weights are int8): what Forward would do next.
        using var hidden = Unfused(layer, int8, x);
        return BFloat16Gelu.TryForward(hidden) ?? nn.functional.gelu(hidden, GELU.Approximate.tanh);
    }

    /// <summary><paramref name="residual"/> plus the layer's outputs; the bfloat16 kernel adds them as it rounds its outputs.</summary>
    public static Tensor ForwardAdded(Linear layer, Int8Linear? int8, Tensor x, Tensor residual)
    {
        if (int8 is null && BFloat16Linear.TryForward(x, layer.weight!, layer.bias, residual) is { } sum)
            return sum;
        using var y = Unfused(layer, int8, x);
        return residual + y;
    }
}
