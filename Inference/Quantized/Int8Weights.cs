using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Quantized;

/// <summary>Turns a model's <c>nn.Linear</c> into an <see cref="Int8Linear"/> for inference.</summary>
public static class Int8Weights
{
    /// <summary>
    /// Quantizes <paramref name="linear"/>'s weight and bias into an <see cref="Int8Linear"/> and frees the float
    /// copies (the weight becomes an empty parameter, the bias null): the module can no longer be trained or saved.
    /// </summary>
    public static Int8Linear Take(Linear linear)
    {
        ArgumentNullException.ThrowIfNull(linear);
        var quantized = new Int8Linear(linear.weight!, linear.bias);
        using (no_grad())
        {
            linear.weight = new Parameter(empty(0, 0, dtype: linear.weight!.dtype), requires_grad: false);
            linear.bias = null;
        }
        return quantized;
    }
}
