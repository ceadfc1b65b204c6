using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Graphs;

/// <summary>
/// Whether CUDA graphs can be used on a device: it must be a CUDA device, CUDA must be up, and the
/// native helper (Inference/Native) must load. Asking never throws; the answer is worked out once
/// per process and comes with a reason for the log.
/// </summary>
public static class CudaGraphSupport
{
    static readonly Lazy<bool> CudaUp = new(CudaIsAvailable);
    static readonly Lazy<(CudaGraphNative? Native, string Reason)> Helper = new(LoadHelper);

    /// <summary>True when graphs can be captured on <paramref name="device"/>.</summary>
    public static bool IsAvailable(Device device) => IsAvailable(device, out _);

    /// <summary>True when graphs can be captured on <paramref name="device"/>; otherwise why not, in words for the log.</summary>
    public static bool IsAvailable(Device device, out string reason)
    {
        var native = Probe(device, out reason);
        return native is not null;
    }

    /// <summary>
    /// Bytes held by live tensors on a CUDA device, as libtorch's caching allocator counts them
    /// (<c>torch.cuda.memory_allocated()</c>, which TorchSharp lacks).
    /// </summary>
    /// <exception cref="InvalidOperationException">Graphs are not available on <paramref name="device"/>.</exception>
    public static long AllocatedBytes(Device device) => Require(device).MemoryStats(device.index).Allocated;

    /// <summary>Bytes libtorch's caching allocator holds on a CUDA device, in use or not (<c>torch.cuda.memory_reserved()</c>).</summary>
    /// <exception cref="InvalidOperationException">Graphs are not available on <paramref name="device"/>.</exception>
    public static long ReservedBytes(Device device) => Require(device).MemoryStats(device.index).Reserved;

    /// <summary>The bound helper for <paramref name="device"/>, or an <see cref="InvalidOperationException"/> saying why there is none.</summary>
    internal static CudaGraphNative Require(Device device) =>
        Probe(device, out var reason) ?? throw new InvalidOperationException($"CUDA graphs are not available: {reason}.");

    // In this order because loading the helper pulls libtorch_cuda into the process: only once CUDA is known to be up.
    static CudaGraphNative? Probe(Device? device, out string reason)
    {
        if (device is null || device.type != DeviceType.CUDA)
        {
            reason = $"the device is {device?.type.ToString() ?? "none"}, not CUDA";
            return null;
        }
        if (!CudaUp.Value)
        {
            reason = "CUDA is not available in this process";
            return null;
        }
        (var native, reason) = Helper.Value;
        return native;
    }

    static bool CudaIsAvailable()
    {
        try
        {
            // As DeviceResolver: CUDA initialised first, so that asking cannot load the CPU-only libtorch.
            return torch.TryInitializeDeviceType(DeviceType.CUDA) && torch.cuda.is_available();
        }
        catch (Exception)
        {
            // "Never throws" is the contract: any failure to ask means no CUDA here.
            return false;
        }
    }

    static (CudaGraphNative?, string) LoadHelper() =>
        CudaGraphNative.TryLoad(CudaGraphNative.DefaultCandidates(), out var native, out var reason) ? (native, reason) : (null, reason);
}
