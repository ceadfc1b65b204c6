using TorchSharp;

namespace AdventureServer.Inference.Devices;

/// <summary>
/// How many threads libtorch's own ops get for a model. With int8 weights on the CPU the heavy work of a step (the
/// int8 products and the one-query attention) runs in C# kernels split over <see cref="Quantized.KernelThreads"/>,
/// one thread per core; libtorch's pool of as many threads again would take turns with them on the same cores (its
/// threads spin a while after each op), so libtorch runs what is left (LayerNorm, GELU, a prompt's attention) on the
/// calling thread alone. Measured on 2 cores, `bench --dtype int8`, same minute: 8 streams 257 against 153 tokens/s,
/// one stream's time between tokens 5.6 against 6.1 ms. Every other model keeps the count libtorch started with.
/// </summary>
public static class IntraOpThreads
{
    static readonly int Initial = torch.get_num_threads();

    /// <summary>The count for a model on <paramref name="target"/>: 1 beside the int8 kernels, else libtorch's own default.</summary>
    public static int For(ComputeTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Int8Weights ? 1 : Initial;
    }

    /// <summary>Sets libtorch's intra-op threads for <paramref name="target"/> (the setting is the process's: the model loaded last decides).</summary>
    public static void Apply(ComputeTarget target)
    {
        var count = For(target);
        if (torch.get_num_threads() != count)
            torch.set_num_threads(count);
    }
}
