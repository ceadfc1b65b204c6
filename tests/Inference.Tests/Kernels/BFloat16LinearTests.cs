using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Kernels;

/// <summary>Every test twice: the products through the AVX512-BF16 library (where it runs) and through the C# loop.</summary>
[TestFixture(true)]
[TestFixture(false)]
[NonParallelizable]
public unsafe class BFloat16LinearTests(bool native)
{
    BFloat16Linear.KernelScope _decodeStep;

    [SetUp]
    public void InADecodeStepWithAvx512()
    {
        Assume.That(BFloat16Kernel.IsSupported, "this CPU lacks AVX-512F");
        if (native)
            Assume.That(BFloat16Native.IsAvailable, "the AVX512-BF16 library was not built or this CPU lacks avx512_bf16");
        BFloat16Native.Enabled = native;
        _decodeStep = BFloat16Linear.ForDecodeStep();
    }

    [TearDown]
    public void EndTheDecodeStep()
    {
        _decodeStep.Dispose();
        BFloat16Native.Enabled = true;
    }

    [TestCase(1, 768, 2304, true)]
    [TestCase(3, 768, 768, true)]
    [TestCase(4, 3072, 768, true)]
    [TestCase(5, 64, 37, false)]
    [TestCase(8, 768, 1001, false)]
    public void The_kernel_rounds_the_float32_product_to_bfloat16(int rows, int inputs, int outputs, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(11);
        var weight = (randn(outputs, inputs, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var bias = withBias ? randn(outputs, generator: generator).to(ScalarType.BFloat16) : null;
        var x = randn(rows, inputs, generator: generator).to(ScalarType.BFloat16);

        var y = BFloat16Linear.Forward(x, weight, bias);

        Assert.That(y.dtype, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(y.shape, Is.EqualTo(new long[] { rows, outputs }));
        AssertWithinARoundingStepOfTheExactProduct(y, x, weight, bias);
    }

    // The exact product of the bfloat16 values, in float64; the kernel's float32 sum may differ from it in its last bits,
    // and rounding to bfloat16 adds at most half a step (2^-8 of the value).
    static void AssertWithinARoundingStepOfTheExactProduct(Tensor y, Tensor x, Tensor weight, Tensor? bias)
    {
        var exact = nn.functional.linear(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));
        var error = (y.to(ScalarType.Float64) - exact).abs();
        var bound = exact.abs() * (1.0 / 256) * 1.01 + 1e-5;
        Assert.That((error <= bound).all().item<bool>(), $"largest error {error.max().item<double>():G3}");
    }

    [Test]
    public void The_kernel_gives_what_libtorchs_bfloat16_linear_gives_within_a_rounding_step_of_its_terms()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(12);
        var weight = (randn(2304, 768, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var bias = randn(2304, generator: generator).to(ScalarType.BFloat16);
        var x = randn(1, 2, 768, generator: generator).to(ScalarType.BFloat16);

        var y = BFloat16Linear.Forward(x, weight, bias).to(ScalarType.Float32);

        var libtorch = nn.functional.linear(x, weight, bias).to(ScalarType.Float32);
        // libtorch rounds the product to bfloat16 before it adds the bias, so the two may differ by a step of either.
        var b = bias.to(ScalarType.Float32);
        var step = ((libtorch - b).abs() + b.abs()) * (1.0 / 128) + 1e-4;
        Assert.That(y.shape, Is.EqualTo(new long[] { 1, 2, 2304 }));
        Assert.That(((y - libtorch).abs() <= step).all().item<bool>());
    }

    [Test]
    public void A_rows_output_does_not_depend_on_the_rows_beside_it()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(13);
        var weight = (randn(770, 768, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var x = randn(BFloat16Linear.MaxRows, 768, generator: generator).to(ScalarType.BFloat16);

        var batched = BFloat16Linear.Forward(x, weight, null);

        for (var row = 0; row < BFloat16Linear.MaxRows; row++)
        {
            var alone = BFloat16Linear.Forward(x.narrow(0, row, 1), weight, null);
            Assert.That((alone == batched.narrow(0, row, 1)).all().item<bool>(), $"row {row}");
        }
    }

    [Test]
    public void Prompts_float32_inputs_odd_widths_and_gradients_stay_with_libtorch()
    {
        using var scope = NewDisposeScope();
        var weight = zeros(8, 64, ScalarType.BFloat16);
        using (no_grad())
        {
            Assert.That(BFloat16Linear.Takes(zeros(BFloat16Linear.MaxRows, 64, ScalarType.BFloat16), weight), Is.True);
            Assert.That(BFloat16Linear.Takes(zeros(BFloat16Linear.MaxRows + 1, 64, ScalarType.BFloat16), weight), Is.False);
            Assert.That(BFloat16Linear.Takes(zeros(1, 64), weight), Is.False);
            Assert.That(BFloat16Linear.Takes(zeros(1, 48, ScalarType.BFloat16), zeros(8, 48, ScalarType.BFloat16)), Is.False);
            Assert.That(BFloat16Linear.Takes(zeros(1, 64, ScalarType.BFloat16), zeros(64, 8, ScalarType.BFloat16).t()), Is.False);
        }
        Assert.That(BFloat16Linear.Takes(zeros(1, 64, ScalarType.BFloat16), weight), Is.False, "gradients on");
    }

    [Test]
    public void A_pass_not_marked_for_the_kernel_stays_with_libtorch_however_few_its_rows()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, weight) = (zeros(1, 64, ScalarType.BFloat16), zeros(8, 64, ScalarType.BFloat16));
        _decodeStep.Dispose();
        try
        {
            Assert.That(BFloat16Linear.Takes(x, weight), Is.False);
            using (BFloat16Linear.ForDecodeStep())
                Assert.That(BFloat16Linear.Takes(x, weight), Is.True);
            Assert.That(BFloat16Linear.Takes(x, weight), Is.False);
        }
        finally
        {
            _decodeStep = BFloat16Linear.ForDecodeStep();
        }
    }

    [Test]
    public void In_a_pass_for_every_row_a_long_prompts_rows_each_get_the_bits_they_get_alone()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(14);
        var weight = (randn(770, 768, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var bias = randn(770, generator: generator).to(ScalarType.BFloat16);
        const int rows = 2 * BFloat16Linear.RowBlock + 45; // three blocks of rows, the last a partial one
        var x = randn(1, rows, 768, generator: generator).to(ScalarType.BFloat16);
        _decodeStep.Dispose();
        try
        {
            Assert.That(BFloat16Linear.TryForward(x, weight, bias), Is.Null, "outside a marked pass");
            Tensor all;
            using (BFloat16Linear.ForEveryRow())
                all = BFloat16Linear.TryForward(x, weight, bias)!;
            using (BFloat16Linear.ForDecodeStep())
            {
                Assert.That(BFloat16Linear.TryForward(x, weight, bias), Is.Null, "more rows than a decode step takes");
                Assert.That(all.shape, Is.EqualTo(new long[] { 1, rows, 770 }));
                foreach (var row in new[] { 0, 1, BFloat16Linear.RowBlock - 1, BFloat16Linear.RowBlock, BFloat16Linear.RowBlock + 7, rows - 1 })
                {
                    var alone = BFloat16Linear.Forward(x.narrow(1, row, 1), weight, bias);
                    Assert.That((all.narrow(1, row, 1) == alone).all().item<bool>(), Is.True, $"row {row}");
                }
            }
            AssertWithinARoundingStepOfTheExactProduct(all, x, weight, bias);
        }
        finally
        {
            _decodeStep = BFloat16Linear.ForDecodeStep();
        }
    }

    [Test]
    public void A_tensor_the_kernel_does_not_take_is_refused_with_a_reason()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = zeros(8, 64, ScalarType.BFloat16);

        var refused = Assert.Throws<ArgumentException>(() => BFloat16Linear.Forward(zeros(9, 64, ScalarType.BFloat16), weight, null));
        Assert.That(refused!.Message, Does.Contain($"at most {BFloat16Linear.MaxRows} rows"));
        Assert.Throws<ArgumentException>(() => BFloat16Linear.Forward(zeros(1, 64, ScalarType.BFloat16), weight, zeros(8)));
    }

    [Test]
    public void Not_a_number_and_infinities_survive_the_rounding()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = ones(3, 32, ScalarType.BFloat16);
        var bias = tensor(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity }).to(ScalarType.BFloat16);

        var y = BFloat16Linear.Forward(ones(1, 32, ScalarType.BFloat16), weight, bias).to(ScalarType.Float32).data<float>().ToArray();

        Assert.That(float.IsNaN(y[0]));
        Assert.That(y[1], Is.EqualTo(float.PositiveInfinity));
        Assert.That(y[2], Is.EqualTo(float.NegativeInfinity));
    }

    [TestCase(1, 768)]
    [TestCase(4, 3072)]
    [TestCase(5, 1001)]
    [TestCase(2 * BFloat16Linear.RowBlock + 3, 772)]
    public void A_residual_added_as_the_outputs_are_rounded_gives_the_bits_of_adding_it_after(int rows, int outputs)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var everyRow = BFloat16Linear.ForEveryRow();
        var (x, weight, bias) = RandomLayer(rows, 768, outputs, seed: rows + outputs);
        var residual = randn(1, rows, outputs, generator: new Generator((ulong)rows)).to(ScalarType.BFloat16);
        residual[0, 0, 0] = tensor(float.NaN).to(ScalarType.BFloat16);

        var fused = BFloat16Linear.TryForward(x, weight, bias, residual)!;

        var after = residual + BFloat16Linear.Forward(x, weight, bias);
        Assert.That(BFloat16BitsOf.Values(fused), Is.EqualTo(BFloat16BitsOf.Values(after)));
        Assert.That(BFloat16BitsOf.Values(fused), Is.Not.EqualTo(BFloat16BitsOf.Values(BFloat16Linear.Forward(x, weight, bias))), "the residual was added");
    }

    [TestCase(1, 3072)]
    [TestCase(3, 1001)]
    [TestCase(BFloat16Linear.RowBlock + 1, 3072)]
    public void The_gelu_applied_as_the_outputs_are_rounded_gives_the_bits_of_the_gelu_after(int rows, int outputs)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var everyRow = BFloat16Linear.ForEveryRow();
        var (x, weight, bias) = RandomLayer(rows, 768, outputs, seed: rows * outputs);

        var fused = BFloat16Linear.TryForward(x, weight, bias, gelu: true)!;

        var after = BFloat16Gelu.TryForward(BFloat16Linear.Forward(x, weight, bias))!;
        Assert.That(BFloat16BitsOf.Values(fused), Is.EqualTo(BFloat16BitsOf.Values(after)));
        Assert.That((fused.to(ScalarType.Float32) < -0.2).any().item<bool>(), Is.False, "the GELU was applied: nothing below its minimum of about -0.17");
    }

    [Test]
    public void A_residual_of_another_shape_or_type_is_refused_with_a_reason_and_gelu_with_a_residual_too()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, weight, bias) = RandomLayer(2, 64, 96, seed: 3);

        var shape = Assert.Throws<ArgumentException>(() => BFloat16Linear.TryForward(x, weight, bias, zeros(1, 2, 95, ScalarType.BFloat16)));
        Assert.That(shape!.Message, Does.Contain("[1, 2, 96]"));
        Assert.Throws<ArgumentException>(() => BFloat16Linear.TryForward(x, weight, bias, zeros(1, 2, 96)));
        Assert.Throws<ArgumentException>(() => BFloat16Linear.TryForward(x, weight, bias, zeros(1, 2, 96, ScalarType.BFloat16), gelu: true));
    }

    [TestCase(1, false)]
    [TestCase(5, true)]
    [TestCase(2 * BFloat16Linear.RowBlock + 3, false)]
    [TestCase(BFloat16Linear.RowBlock + 17, true)]
    public void A_layer_norm_applied_as_the_rows_are_taken_gives_the_bits_of_normalising_them_first(int rows, bool gelu)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var everyRow = BFloat16Linear.ForEveryRow();
        var (x, weight, bias) = RandomLayer(rows, 768, 2304, seed: rows);
        x = x * 4 + 1; // a residual stream's spread and offset, not already normalised
        using var norm = NormOf(768, seed: rows);

        var fused = BFloat16Linear.TryForward(x, weight, bias, gelu: gelu, norm: norm)!;

        var first = BFloat16Linear.TryForward(norm.forward(x), weight, bias, gelu: gelu)!;
        Assert.That(BFloat16BitsOf.Values(fused), Is.EqualTo(BFloat16BitsOf.Values(first)));
        Assert.That(BFloat16BitsOf.Values(fused), Is.Not.EqualTo(BFloat16BitsOf.Values(BFloat16Linear.TryForward(x, weight, bias, gelu: gelu)!)), "the rows were normalised");
    }

    [Test]
    public void A_layer_norm_the_kernel_cannot_read_makes_it_decline()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var (x, weight, bias) = RandomLayer(2, 64, 96, seed: 4);
        using var float32 = nn.LayerNorm(64);
        using var withoutBias = NormOf(64, seed: 4, bias: false);

        Assert.That(BFloat16Linear.TryForward(x, weight, bias, norm: float32), Is.Null);
        Assert.That(BFloat16Linear.TryForward(x, weight, bias, norm: withoutBias), Is.Null);
    }

    /// <summary>A bfloat16 LayerNorm over <paramref name="width"/> values with a random scale and shift.</summary>
    static TorchSharp.Modules.LayerNorm NormOf(int width, int seed, bool bias = true)
    {
        var norm = nn.LayerNorm(width, bias: bias);
        norm.to(ScalarType.BFloat16);
        var generator = new Generator((ulong)seed);
        norm.weight!.copy_(randn(width, generator: generator) * 0.3 + 1);
        norm.bias?.copy_(randn(width, generator: generator) * 0.1);
        return norm;
    }

    static (Tensor X, Tensor Weight, Tensor Bias) RandomLayer(int rows, int inputs, int outputs, int seed)
    {
        var generator = new Generator((ulong)seed);
        var weight = (randn(outputs, inputs, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var bias = randn(outputs, generator: generator).to(ScalarType.BFloat16);
        return (randn(1, rows, inputs, generator: generator).to(ScalarType.BFloat16), weight, bias);
    }

    [Test]
    public void A_weight_changed_in_place_is_multiplied_as_it_is_now()
    {
        // The kernel keeps what it read of a weight (shape, address) between calls; the values it reads each time.
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(19);
        var weight = (randn(96, 64, generator: generator) * 0.05).to(ScalarType.BFloat16);
        var bias = randn(96, generator: generator).to(ScalarType.BFloat16);
        var x = randn(2, 64, generator: generator).to(ScalarType.BFloat16);
        var before = BFloat16Linear.Forward(x, weight, bias);

        weight.mul_(-2);
        bias.add_(1);
        var after = BFloat16Linear.Forward(x, weight, bias);

        AssertWithinARoundingStepOfTheExactProduct(after, x, weight, bias);
        Assert.That(after.eq(before).all().item<bool>(), Is.False);
    }

    [TestCase(1, 2304)]
    [TestCase(5, 1001)]
    public void Each_thread_rounds_its_own_outputs_to_the_bits_one_thread_gives(int rows, int outputs)
    {
        const int inputs = 768;
        var random = new Random(rows * outputs);
        ushort Next() => (ushort)(BitConverter.SingleToUInt32Bits((float)(random.NextDouble() * 2 - 1)) >> 16);
        var x = Enumerable.Range(0, rows * inputs).Select(_ => Next()).ToArray();
        var w = Enumerable.Range(0, outputs * inputs).Select(_ => Next()).ToArray();
        var bias = Enumerable.Range(0, outputs).Select(_ => Next()).ToArray();

        using var one = new KernelThreads(1);
        using var three = new KernelThreads(3);
        var alone = Rounded(x, rows, inputs, w, outputs, bias, one);
        var split = Rounded(x, rows, inputs, w, outputs, bias, three);

        Assert.That(split, Is.EqualTo(alone));
        Assert.That(alone.Count(value => value != 0), Is.GreaterThan(rows * outputs * 9 / 10), "the outputs were written");
    }

    static ushort[] Rounded(ushort[] x, int rows, int inputs, ushort[] w, int outputs, ushort[] bias, KernelThreads threads)
    {
        var sums = new float[rows * outputs];
        var rounded = new ushort[rows * outputs];
        fixed (ushort* xs = x)
        fixed (ushort* ws = w)
        fixed (ushort* bs = bias)
        fixed (float* ys = sums)
        fixed (ushort* target = rounded)
            BFloat16Kernel.Multiply(xs, rows, inputs, ws, outputs, ys, threads, new BFloat16Output(target, bs));
        return rounded;
    }
}
