using System.Runtime.InteropServices;
using AdventureServer.Inference.Devices;

namespace AdventureServer.Inference.Kernels;

/// <summary>
/// The bfloat16 products of <c>Inference/Native/bfloat16_products.c</c>: AVX512-BF16's <c>vdpbf16ps</c> multiplies and
/// sums bfloat16 pairs straight into float32, where <see cref="BFloat16Kernel"/>'s C# loop (.NET 10 has no intrinsic
/// for it) widens every weight and issues a float32 FMA per pair. Where the build compiled the library
/// (<c>Inference.csproj</c>: gcc on Linux x64) and the CPU has <c>avx512_bf16</c>, the kernel's products run here; else
/// they stay C#. Measured on a Zen 4 (2 cores, gpt2's 49 products from memory, alternated): 1 row 6.6–7.8 against
/// 6.6–8.1 ms, 8 rows 7.7–8.6 against 12.4–14.8, 16 rows 11.4–13.1 against 23.9–28.2.
/// </summary>
public static unsafe class BFloat16Native
{
    const string Library = "libadventure_bfloat16.so";

    static readonly delegate* unmanaged<ushort*, int, int, ushort*, int, int, int, float*, void> s_multiply = Load();

    /// <summary>Whether the library loaded and this CPU runs it.</summary>
    public static bool IsAvailable => s_multiply != null;

    /// <summary>Whether <see cref="BFloat16Kernel"/> uses it where available; off only to measure or test the C# loop.</summary>
    internal static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("ADVENTURE_NATIVE_BFLOAT16") != "0";

    /// <summary>Whether the kernel's products run here now.</summary>
    public static bool Active => Enabled && IsAvailable;

    /// <summary>
    /// y[r, o] = x[r] · w[o] for outputs <paramref name="first"/>..<paramref name="last"/>−1 of every row (x: rows × inputs,
    /// w: outputs × inputs, both bfloat16; inputs a multiple of 32), each output one running sum along the input.
    /// </summary>
    public static void Multiply(ushort* x, int rows, int inputs, ushort* w, int outputs, int first, int last, float* y)
    {
        if (!IsAvailable)
            throw new PlatformNotSupportedException("The AVX512-BF16 kernel was not built or this CPU lacks avx512_bf16.");
        s_multiply(x, rows, inputs, w, outputs, first, last, y);
    }

    static delegate* unmanaged<ushort*, int, int, ushort*, int, int, int, float*, void> Load()
    {
        if (!OperatingSystem.IsLinux() || !CpuFeatures.ThisMachine.Flags.Contains("avx512_bf16"))
            return null;
        var path = Path.Combine(AppContext.BaseDirectory, Library);
        if (!File.Exists(path) || !NativeLibrary.TryLoad(path, out var handle))
            return null;
        return NativeLibrary.TryGetExport(handle, "adventure_bfloat16_multiply", out var multiply)
            ? (delegate* unmanaged<ushort*, int, int, ushort*, int, int, int, float*, void>)multiply
            : null;
    }
}
