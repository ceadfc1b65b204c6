using AdventureServer.Inference.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Server.Cli;

/// <summary>The model a benchmark runs: random weights of a published GPT-2 shape, on the chosen device and dtype.</summary>
internal static class BenchModel
{
    public static Device ResolveDevice(string name) => name.ToLowerInvariant() switch
    {
        "auto" => cuda.is_available() ? CUDA : CPU,
        "cpu" => CPU,
        "cuda" => CUDA,
        _ => throw new ArgumentException($"Unknown device '{name}'; expected auto, cpu or cuda."),
    };

    public static ScalarType ResolveDType(string name, Device device) => name.ToLowerInvariant() switch
    {
        "auto" => device.type == DeviceType.CUDA ? ScalarType.Float16 : ScalarType.Float32,
        "float32" or "fp32" => ScalarType.Float32,
        "float16" or "fp16" => ScalarType.Float16,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}'; expected auto, float32, float16 or bfloat16."),
    };

    public static Gpt2Model RandomWeights(string shape, Device device, ScalarType dtype, long seed)
    {
        var model = new Gpt2Model(Gpt2Config.Named(shape)).InitialiseRandomly(seed);
        model.to(device);
        model.to(dtype);
        return model.PrepareForInference();
    }
}
