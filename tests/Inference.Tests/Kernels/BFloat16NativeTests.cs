using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Tests.Kernels;

/// <summary>The AVX512-BF16 library against the C# loop it stands in for, on the float32 sums before any rounding.</summary>
[NonParallelizable]
public unsafe class BFloat16NativeTests
{
    [SetUp]
    public void WhereTheLibraryRuns() =>
        Assume.That(BFloat16Native.IsAvailable, "the AVX512-BF16 library was not built or this CPU lacks avx512_bf16");

    [TearDown]
    public void BackToTheDefault() => BFloat16Native.Enabled = true;

    [TestCase(1, 768, 2304)]
    [TestCase(5, 3072, 768)]
    [TestCase(9, 64, 37)]
    public void The_library_sums_what_the_csharp_loop_sums_to_within_float32_rounding(int rows, int inputs, int outputs)
    {
        var (x, w) = RandomBFloat16(rows, inputs, outputs, seed: rows);

        var native = Multiply(x, rows, inputs, w, outputs, useNative: true);
        var csharp = Multiply(x, rows, inputs, w, outputs, useNative: false);

        for (var row = 0; row < rows; row++)
            for (var output = 0; output < outputs; output++)
            {
                // Both sum the same float32 products in other orders: apart by a few float32 steps of the sum of |terms|.
                var magnitude = 0.0;
                for (var i = 0; i < inputs; i++)
                    magnitude += Math.Abs(Widen(x[row * inputs + i]) * Widen(w[output * inputs + i]));
                var index = row * outputs + output;
                Assert.That(Math.Abs(native[index] - csharp[index]), Is.LessThanOrEqualTo(magnitude * 1e-6 + 1e-30), $"row {row}, output {output}");
            }
    }

    [Test]
    public void A_rows_sums_are_the_same_bits_alone_as_in_any_batch()
    {
        const int inputs = 768, outputs = 1001, rows = 13; // tiles of 4 rows and of 4 outputs, and what is left of each
        var (x, w) = RandomBFloat16(rows, inputs, outputs, seed: 3);
        var batched = Multiply(x, rows, inputs, w, outputs, useNative: true);

        for (var row = 0; row < rows; row++)
        {
            var alone = Multiply(x[(row * inputs)..((row + 1) * inputs)], 1, inputs, w, outputs, useNative: true);
            Assert.That(alone, Is.EqualTo(batched[(row * outputs)..((row + 1) * outputs)]), $"row {row}");
        }
    }

    [Test]
    public void The_kernel_names_the_code_that_runs_its_products()
    {
        Assert.That(BFloat16Kernel.Path, Is.EqualTo("AVX512-BF16 kernel (native)"));
        BFloat16Native.Enabled = false;
        Assert.That(BFloat16Kernel.Path, Is.EqualTo("AVX-512 kernel"));
    }

    static float[] Multiply(ushort[] x, int rows, int inputs, ushort[] w, int outputs, bool useNative)
    {
        BFloat16Native.Enabled = useNative;
        var y = new float[rows * outputs];
        fixed (ushort* xs = x)
        fixed (ushort* ws = w)
        fixed (float* ys = y)
            BFloat16Kernel.Multiply(xs, rows, inputs, ws, outputs, ys, KernelThreads.Shared);
        return y;
    }

    static (ushort[] X, ushort[] W) RandomBFloat16(int rows, int inputs, int outputs, int seed)
    {
        var random = new Random(seed);
        ushort Next(double scale) => (ushort)(BitConverter.SingleToUInt32Bits((float)((random.NextDouble() * 2 - 1) * scale)) >> 16);
        return (Enumerable.Range(0, rows * inputs).Select(_ => Next(1.0)).ToArray(), Enumerable.Range(0, outputs * inputs).Select(_ => Next(0.05)).ToArray());
    }

    static double Widen(ushort value) => BitConverter.Int32BitsToSingle(value << 16);
}
