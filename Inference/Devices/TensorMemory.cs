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
    /// The first element of any CPU view, contiguous or not (a narrowed cache, for example), whose other elements lie
    /// at its <see cref="Tensor.stride()"/> from there. (A one-element view at the same place is contiguous, so its
    /// bytes can be pinned; <c>storage&lt;T&gt;()</c> has no bfloat16.)
    /// </summary>
    public static void* First(Tensor view)
    {
        using var first = view.as_strided([1], [1], view.storage_offset());
        return Pointer(first);
    }
}
