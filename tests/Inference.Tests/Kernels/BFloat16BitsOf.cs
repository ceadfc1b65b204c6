using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Kernels;

/// <summary>A bfloat16 tensor's values as bits, for tests that compare two computations bit for bit.</summary>
internal static class BFloat16BitsOf
{
    // Widening bfloat16 to float32 is exact, so the float32 bits are the bfloat16 bits shifted. Every NaN counts as one:
    // libtorch's vector code writes a NaN as 0xFFFF, its scalar code and this project's kernels as 0x7FC0.
    public static int[] Values(Tensor bfloat16) =>
        [.. bfloat16.to(ScalarType.Float32).data<float>().ToArray().Select(value => float.IsNaN(value) ? -1 : BitConverter.SingleToInt32Bits(value))];
}
