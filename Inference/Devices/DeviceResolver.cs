using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// Resolves the configured device (<c>auto</c>, <c>cpu</c>, <c>cuda</c>) and dtype (<c>auto</c>,
/// <c>float32</c>, <c>float16</c>, <c>bfloat16</c>, <c>int8</c>) to what TorchSharp needs. Auto picks CUDA where it
/// is present, then float16 on CUDA, and on the CPU bfloat16 where it has native bfloat16 kernels
/// (<see cref="CpuFeatures.BFloat16Flag"/>), float32 elsewhere. The target says which dtype and why.
/// <c>int8</c> (CPU only, never chosen by auto) is float32 compute over int8 weights (<see cref="ComputeTarget.Int8Weights"/>).
/// </summary>
public static class DeviceResolver
{
    /// <summary>The name of the int8 weight format, on the command line and in reports.</summary>
    public const string Int8Name = "int8";

    /// <summary>Resolves the options' <see cref="InferenceOptions.Device"/> and <see cref="InferenceOptions.DType"/>.</summary>
    public static ComputeTarget Resolve(InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Resolve(options.Device, options.DType);
    }

    /// <summary>Resolves a device name and a dtype name; a clear <see cref="InvalidOperationException"/> when CUDA is asked for and absent.</summary>
    public static ComputeTarget Resolve(string device, string dtype) => Resolve(device, dtype, CpuFeatures.ThisMachine);

    /// <summary>As <see cref="Resolve(string, string)"/>, for a CPU with the given <paramref name="cpu"/> features.</summary>
    public static ComputeTarget Resolve(string device, string dtype, CpuFeatures cpu)
    {
        ArgumentNullException.ThrowIfNull(cpu);
        var deviceType = (device ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" => CudaIsUsable() ? DeviceType.CUDA : DeviceType.CPU,
            "cpu" => DeviceType.CPU,
            "cuda" => CudaIsUsable() ? DeviceType.CUDA : throw new InvalidOperationException(
                "Device 'cuda' was asked for, but CUDA is not available: build with -p:TorchBackend=cuda and start with " +
                "LD_LIBRARY_PATH set to a CUDA PyTorch install's torch/lib (docs/gpu.md), on a machine with an NVIDIA GPU."),
            _ => throw new ArgumentException($"Unknown device '{device}'; expected auto, cpu or cuda.", nameof(device)),
        };
        return ResolveOn(deviceType, dtype, cpu);
    }

    /// <summary>The dtype part of <see cref="Resolve(string, string, CpuFeatures)"/>, once the device is known.</summary>
    internal static ComputeTarget ResolveOn(DeviceType deviceType, string dtype, CpuFeatures cpu)
    {
        if (IsInt8(dtype))
        {
            if (deviceType != DeviceType.CPU)
                throw new ArgumentException("int8 weights are a CPU format; use float16 on CUDA.", nameof(dtype));
            return new ComputeTarget(new Device(deviceType), ScalarType.Float32, $"configured; int8 kernel: {Int8KernelName}", Int8Weights: true);
        }
        var (scalarType, reason) = ChooseDType(dtype, deviceType, cpu);
        if (deviceType == DeviceType.CPU && scalarType == ScalarType.Float16)
            throw new ArgumentException("float16 is slow and inaccurate on the CPU; use float32 or bfloat16 there.", nameof(dtype));
        if (deviceType == DeviceType.CPU && scalarType == ScalarType.BFloat16)
            reason += BFloat16Kernel.IsSupported ? $"; decode products: {BFloat16Kernel.Path}" : "; decode products: libtorch (this CPU lacks AVX-512F)";
        return new ComputeTarget(new Device(deviceType), scalarType, reason);
    }

    /// <summary>The dtype for a name on a device, and why it is that one (for the log line and the bench report).</summary>
    static (ScalarType DType, string Reason) ChooseDType(string? dtype, DeviceType device, CpuFeatures cpu)
    {
        if (!IsAuto(dtype))
            return (ParseDType(dtype, device), "configured");
        if (device == DeviceType.CUDA)
            return (ScalarType.Float16, "auto: float16 on CUDA");
        return cpu.BFloat16Flag is { } flag
            ? (ScalarType.BFloat16, $"auto: the CPU has {flag}")
            : (ScalarType.Float32, "auto: the CPU has neither avx512_bf16 nor AMX");
    }

    static string Int8KernelName => Int8Kernel.Best switch
    {
        Int8KernelPath.AvxVnni => "avx_vnni",
        Int8KernelPath.Avx2 => "avx2 (this CPU lacks AVX-VNNI)",
        _ => "scalar (this CPU or runtime lacks AVX2: slower than float32 weights)",
    };

    static bool IsInt8(string? dtype) => (dtype ?? "").Trim().ToLowerInvariant() is Int8Name or "q8_0" or "q8";

    static bool IsAuto(string? dtype) => (dtype ?? "auto").Trim().Equals("auto", StringComparison.OrdinalIgnoreCase);

    /// <summary>The dtype's name as used on the command line.</summary>
    public static string DTypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        _ => dtype.ToString().ToLowerInvariant(),
    };

    /// <summary>
    /// A dtype name as a TorchSharp type; <c>auto</c> here means float16 on CUDA and float32 elsewhere (for
    /// files written to disk, as <c>train --export-dtype</c>); the engine's auto is <see cref="Resolve(string, string)"/>'s.
    /// </summary>
    public static ScalarType ParseDType(string? dtype, DeviceType device) => (dtype ?? "auto").Trim().ToLowerInvariant() switch
    {
        "auto" => device == DeviceType.CUDA ? ScalarType.Float16 : ScalarType.Float32,
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "float16" or "fp16" or "f16" or "half" => ScalarType.Float16,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{dtype}'; expected auto, float32, float16 or bfloat16 (or int8, for the engine on the CPU).", nameof(dtype)),
    };

    // CUDA must be initialised before any other TorchSharp call loads the CPU-only libtorch; with the
    // TorchSharp-cpu build the attempt fails, which simply means no CUDA.
    static bool CudaIsUsable()
    {
        try
        {
            return torch.TryInitializeDeviceType(DeviceType.CUDA) && torch.cuda.is_available();
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or DllNotFoundException or TypeInitializationException)
        {
            return false;
        }
    }
}
