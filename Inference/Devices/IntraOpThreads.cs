using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// How many threads libtorch's own ops get for a model. With int8 weights on the CPU the heavy work of a step (the
/// int8 products and the one-query attention) runs in C# kernels split over <see cref="Quantized.KernelThreads"/>,
/// one thread per core; libtorch's pool of as many threads again would take turns with them on the same cores (its
/// threads spin a while after each op), so libtorch runs what is left (LayerNorm, GELU, a prompt's attention) on the
/// calling thread alone. Measured on 2 cores, `bench --dtype int8`, same minute: 8 streams 257 against 153 tokens/s,
/// one stream's time between tokens 5.6 against 6.1 ms. A bfloat16 model's passes are the same case (their products
/// run in <see cref="Kernels.BFloat16Linear"/>: a gpt2 8-row step 16–20 against 23–31 ms), except where its products are
/// libtorch's (<see cref="InferenceOptions.BatchInvariant"/> off, a pass that is not a decode step): such a pass gets
/// libtorch's own count back (<see cref="ForBFloat16Pass"/>). Every
/// other model keeps the count libtorch started with.
/// </summary>
public static class IntraOpThreads
{
    static readonly int Initial;

    // A static constructor, so the count is read when the class is first used, before any call here changes it (a field
    // initializer alone may run as late as the field's first read).
    static IntraOpThreads() => Initial = torch.get_num_threads();

    /// <summary>The count for a model on <paramref name="target"/>: 1 beside the int8 kernels and the bfloat16 decode kernel, else libtorch's own default.</summary>
    public static int For(ComputeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Int8Weights || UsesBFloat16Kernel(target) ? 1 : Initial;
    }

    /// <summary>Whether <paramref name="target"/>'s decode steps run their products through <see cref="Kernels.BFloat16Linear"/>.</summary>
    public static bool UsesBFloat16Kernel(ComputeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Device.type == DeviceType.CPU && target.DType == ScalarType.BFloat16 && !target.Int8Weights && Kernels.BFloat16Kernel.IsSupported;
    }

    /// <summary>
    /// For one pass of a bfloat16 model on the CPU (libtorch on one thread, <see cref="For"/>): a pass whose products are
    /// libtorch's gets libtorch's own count until the returned scope is disposed; one whose products are the kernel's
    /// (<paramref name="kernelProducts"/>) keeps the one thread.
    /// </summary>
    public static PassScope ForBFloat16Pass(bool kernelProducts)
    {
        var current = torch.get_num_threads();
        if (kernelProducts || current >= Initial)
            return default;
        torch.set_num_threads(Initial);
        return new PassScope(current);
    }

    /// <summary>Restores libtorch's thread count when disposed (nothing for the default value).</summary>
    public readonly struct PassScope(int previous) : IDisposable
    {
        public void Dispose()
        {
            if (previous > 0)
                torch.set_num_threads(previous);
        }
    }

    /// <summary>Sets libtorch's intra-op threads for <paramref name="target"/> (the setting is the process's: the model loaded last decides).</summary>
    public static void Apply(ComputeTarget target)
    {
        var count = For(target);
        if (torch.get_num_threads() != count)
            torch.set_num_threads(count);
    }
}
