using static TorchSharp.torch;

namespace AdventureServer.Inference.Devices;

/// <summary>Where the model runs and in which dtype, as resolved from <see cref="InferenceOptions"/>.</summary>
/// <param name="Device">The TorchSharp device.</param>
/// <param name="DType">The dtype of weights and activations.</param>
/// <param name="DTypeReason">Why that dtype: <c>configured</c>, or what <c>auto</c> went by (the CPU's bfloat16 flag, CUDA).</param>
/// <param name="Int8Weights">
/// The <c>int8</c> dtype: the linear and output layers' weights quantized to int8 (Q8_0 style, CPU only), everything
/// else (activations, embeddings, layer norms, the KV cache) in <paramref name="DType"/>, which is then float32.
/// </param>
public sealed record ComputeTarget(Device Device, ScalarType DType, string DTypeReason = "configured", bool Int8Weights = false)
{
    /// <summary>The dtype as the command line and the bench report name it (<c>float32</c>, <c>bfloat16</c>, <c>int8</c>, ...).</summary>
    public string DTypeName => Int8Weights ? DeviceResolver.Int8Name : DeviceResolver.DTypeName(DType);

    /// <summary><c>cpu</c> or <c>cuda</c>.</summary>
    public string DeviceName => Device.type == TorchSharp.DeviceType.CUDA ? "cuda" : "cpu";
}
