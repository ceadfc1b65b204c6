using AdventureServer.Inference.Quantized;

namespace AdventureServer.Inference.Tests.Quantized;

/// <summary>The int8 kernel against a plain double-precision product of the float weights, on every path this machine has.</summary>
public class Int8KernelTests
{
    static IEnumerable<Int8KernelPath> Paths() => Enum.GetValues<Int8KernelPath>().Where(Int8Kernel.IsSupported);

    static IEnumerable<Int8KernelPath> VectorPaths() => Paths().Where(p => p != Int8KernelPath.Scalar);

    static IEnumerable<TestCaseData> Shapes()
    {
        foreach (var path in Paths())
            foreach (var (outputs, inputs) in new[] { (8, 32), (24, 64), (13, 37), (70, 100), (2304, 768), (768, 3072), (5, 7) })
                foreach (var rows in new[] { 1, 3, 8, 64 })
                    yield return new TestCaseData(path, rows, outputs, inputs).SetArgDisplayNames($"{path}", $"B={rows}", $"{outputs}x{inputs}");
    }

    [TestCaseSource(nameof(Shapes))]
    public void The_product_is_within_the_bound_of_int8_rounding_of_a_plain_float_product(Int8KernelPath path, int rows, int outputs, int inputs)
    {
        var random = new Random(rows * 7919 + outputs * 31 + inputs);
        var w = RandomValues(random, outputs * inputs, 0.05f);
        var bias = RandomValues(random, outputs, 0.5f);
        var x = RandomValues(random, rows * inputs, 1f);
        using var matrix = new Int8Matrix(w, outputs, inputs, bias);
        var y = new float[rows * outputs];

        Int8Kernel.Multiply(matrix, x, rows, y, path, KernelThreads.Shared);

        var worst = 0.0;
        for (var r = 0; r < rows; r++)
            for (var o = 0; o < outputs; o++)
            {
                var (exact, bound) = ReferenceAndBound(w, x, bias[o], r, o, inputs);
                worst = Math.Max(worst, Math.Abs(y[r * outputs + o] - exact) / bound);
            }
        Assert.That(worst, Is.LessThanOrEqualTo(1.0), "the largest error as a fraction of what int8 rounding of weights and activations allows");
    }

    [Test]
    public void Every_path_and_thread_count_gives_the_same_product()
    {
        const int outputs = 203, inputs = 300, rows = 11;
        var random = new Random(5);
        var w = RandomValues(random, outputs * inputs, 0.05f);
        var x = RandomValues(random, rows * inputs, 1f);
        using var matrix = new Int8Matrix(w, outputs, inputs);
        var results = new List<float[]>();
        foreach (var path in Paths())
            foreach (var count in new[] { 1, 2, 3 })
            {
                using var threads = new KernelThreads(count);
                var y = new float[rows * outputs];
                Int8Kernel.Multiply(matrix, x, rows, y, path, threads);
                results.Add(y);
            }

        // Threads split the outputs, never a sum, so a path gives the same bits on any number of threads; the
        // paths differ only in the order of their float accumulation.
        foreach (var y in results.Skip(1))
            Assert.That(y, Is.EqualTo(results[0]).Within(1e-4));
        for (var path = 0; path < results.Count; path += 3)
        {
            Assert.That(results[path + 1], Is.EqualTo(results[path]));
            Assert.That(results[path + 2], Is.EqualTo(results[path]));
        }
    }

    [TestCaseSource(nameof(Paths))]
    public void A_rows_product_is_the_same_bits_whatever_rows_are_batched_with_it(Int8KernelPath path)
    {
        // Rows are quantized alone, integer sums are exact and each row's blocks are summed in one order, so a
        // batch of 66 (tiles of 4 rows by two groups, two rows left over) gives each row exactly what it gets alone
        // (the batched worker relies on it).
        const int outputs = 100, inputs = 96, rows = 66;
        var random = new Random(11);
        var w = RandomValues(random, outputs * inputs, 0.05f);
        var x = RandomValues(random, rows * inputs, 1f);
        using var matrix = new Int8Matrix(w, outputs, inputs, RandomValues(random, outputs, 0.5f));
        var batched = new float[rows * outputs];
        Int8Kernel.Multiply(matrix, x, rows, batched, path, KernelThreads.Shared);

        foreach (var row in new[] { 0, 3, 5, 63, 65 })
        {
            var alone = new float[outputs];
            Int8Kernel.Multiply(matrix, x.AsSpan(row * inputs, inputs), 1, alone, path, KernelThreads.Shared);
            Assert.That(batched.AsSpan(row * outputs, outputs).ToArray(), Is.EqualTo(alone), $"row {row}");
        }
    }

    [TestCaseSource(nameof(VectorPaths))]
    public void Taking_two_groups_of_outputs_at_a_time_gives_the_same_bits_as_one(Int8KernelPath path)
    {
        const int outputs = 2304, inputs = 768, rows = 10;
        var random = new Random(13);
        var w = RandomValues(random, outputs * inputs, 0.05f);
        var x = RandomValues(random, rows * inputs, 1f);
        using var matrix = new Int8Matrix(w, outputs, inputs, RandomValues(random, outputs, 0.5f));
        var (paired, single) = (new float[rows * outputs], new float[rows * outputs]);

        Int8Kernel.Multiply(matrix, x, rows, paired, path, KernelThreads.Shared);
        try
        {
            Int8Kernel.PairedGroups = false;
            Int8Kernel.Multiply(matrix, x, rows, single, path, KernelThreads.Shared);
        }
        finally
        {
            Int8Kernel.PairedGroups = true;
        }

        Assert.That(paired, Is.EqualTo(single));
    }

    [Test]
    public void The_AVX2_path_gives_the_same_bits_as_AVX_VNNI()
    {
        Assume.That(Int8Kernel.IsSupported(Int8KernelPath.AvxVnni) && Int8Kernel.IsSupported(Int8KernelPath.Avx2), "this CPU lacks AVX-VNNI or AVX2");
        const int outputs = 203, inputs = 300, rows = 9;
        var random = new Random(17);
        // Weights and activations at their blocks' extremes (±127 after quantizing) are where 16-bit pair sums could saturate.
        var w = RandomValues(random, outputs * inputs, 0.05f).Select((v, i) => i % 5 == 0 ? MathF.CopySign(0.05f, v) : v).ToArray();
        var x = RandomValues(random, rows * inputs, 1f).Select((v, i) => i % 3 == 0 ? MathF.CopySign(1f, v) : v).ToArray();
        using var matrix = new Int8Matrix(w, outputs, inputs, RandomValues(random, outputs, 0.5f));
        var (vnni, avx2) = (new float[rows * outputs], new float[rows * outputs]);

        Int8Kernel.Multiply(matrix, x, rows, vnni, Int8KernelPath.AvxVnni, KernelThreads.Shared);
        Int8Kernel.Multiply(matrix, x, rows, avx2, Int8KernelPath.Avx2, KernelThreads.Shared);

        Assert.That(avx2, Is.EqualTo(vnni));
    }

    [Test]
    public void A_weight_reads_back_within_half_a_step_of_its_block_scale()
    {
        const int outputs = 9, inputs = 45;
        var w = RandomValues(new Random(3), outputs * inputs, 1f);
        using var matrix = new Int8Matrix(w, outputs, inputs);

        for (var o = 0; o < outputs; o++)
            for (var i = 0; i < inputs; i++)
            {
                var block = i / Int8Matrix.BlockSize * Int8Matrix.BlockSize;
                var max = Enumerable.Range(block, Math.Min(Int8Matrix.BlockSize, inputs - block)).Max(j => Math.Abs(w[o * inputs + j]));
                Assert.That(matrix.Dequantized(o, i), Is.EqualTo(w[o * inputs + i]).Within(max / 127 / 2 * 1.0001));
            }
    }

    [Test]
    public void Zero_activations_give_the_bias()
    {
        const int outputs = 17, inputs = 40;
        var bias = Enumerable.Range(0, outputs).Select(i => i * 0.5f).ToArray();
        using var matrix = new Int8Matrix(RandomValues(new Random(1), outputs * inputs, 1f), outputs, inputs, bias);
        var x = new float[2 * inputs];
        var y = new float[2 * outputs];

        Int8Kernel.Multiply(matrix, x, 2, y, Int8Kernel.Best, KernelThreads.Shared);

        Assert.That(y, Is.EqualTo(bias.Concat(bias).ToArray()));
    }

    [Test]
    public void A_matrix_of_the_wrong_size_is_refused()
    {
        Assert.That(() => new Int8Matrix(new float[10], 3, 4), Throws.ArgumentException.With.Message.Contains("3 × 4"));
        Assert.That(() => new Int8Matrix(new float[12], 3, 4, new float[2]), Throws.ArgumentException.With.Message.Contains("3 biases"));
    }

    /// <summary>
    /// Σ w·x + b in double, and how far int8 rounding may move it: each activation moves by at most half its block's
    /// step (max|x| / 254) and each weight by half of its own (max|w| / 254), so the sum by at most Σ |w| δx + |x| δw
    /// (+ their product, and float32 rounding, covered by the small factor).
    /// </summary>
    static (double Exact, double Bound) ReferenceAndBound(float[] w, float[] x, float bias, int row, int output, int inputs)
    {
        var (exact, bound) = ((double)bias, 1e-5 * (1 + Math.Abs(bias)));
        for (var block = 0; block < inputs; block += Int8Matrix.BlockSize)
        {
            var end = Math.Min(inputs, block + Int8Matrix.BlockSize);
            double xStep = 0, wStep = 0;
            for (var i = block; i < end; i++)
            {
                xStep = Math.Max(xStep, Math.Abs(x[row * inputs + i]) / 254);
                wStep = Math.Max(wStep, Math.Abs(w[output * inputs + i]) / 254);
            }
            for (var i = block; i < end; i++)
            {
                var (wi, xi) = ((double)w[output * inputs + i], (double)x[row * inputs + i]);
                exact += wi * xi;
                bound += (Math.Abs(wi) * xStep + Math.Abs(xi) * wStep + xStep * wStep) * 1.001 + 1e-7 * Math.Abs(wi * xi);
            }
        }
        return (exact, bound);
    }

    static float[] RandomValues(Random random, int count, float scale) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale)];
}
