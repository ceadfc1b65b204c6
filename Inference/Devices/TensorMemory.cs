using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Devices;

/// <summary>Where a CPU tensor's elements lie, for the kernels written in C# that read and write them in place.</summary>
internal static unsafe class TensorMemory
{
    /// <summary>The first byte of a contiguous CPU tensor (TorchSharp's <see cref="Tensor.bytes"/> is a view of its memory, not a copy).</summary>
    public static void* Pointer(Tensor contiguous)
    {
        fixed (byte* p = contiguous.bytes)
            return p;
    }

    /// <summary>
    /// The first element of a CPU tensor or of any view into one, contiguous or not (a narrowed cache, for example), whose
    /// other elements lie at its <see cref="Tensor.stride()"/> from there: libtorch's <c>data_ptr</c>, in one native call
    /// where <see cref="Pointer"/> makes five (its checks). For kernels called many times a step, on tensors they have
    /// already checked are on the CPU, of the dtype they read and of the strides they walk. Null for a tensor of no elements.
    /// </summary>
    public static void* Data(Tensor tensor) => THSTensor_data(tensor.Handle);

    // TorchSharp's own export, which its bytes property calls after its checks.
    [DllImport("LibTorchSharp")]
    static extern void* THSTensor_data(IntPtr handle);
}
