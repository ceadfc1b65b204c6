using AdventureServer.Inference.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Kernels;

[NonParallelizable]
public class Float32LinearTests
{
    Float32Linear.PassScope _pass;

    [SetUp]
    public void InAPassWithAvx2()
    {
        Assume.That(Float32Linear.IsSupported, "this CPU lacks AVX2 or FMA");
        _pass = Float32Linear.ForPass();
    }

    [TearDown]
    public void EndThePass() => _pass.Dispose();

    // Rows 1 (8 outputs a tile), 2 and more (4 outputs against 2 rows, an odd row alone); outputs that fill no tile,
    // part of one, and many.
    [TestCase(1, 768, 2304, true)]
    [TestCase(1, 64, 13, false)]
    [TestCase(2, 3072, 768, true)]
    [TestCase(3, 768, 768, true)]
    [TestCase(5, 16, 3, false)]
    [TestCase(8, 768, 1001, true)]
    public void The_kernel_gives_the_float32_product_up_to_the_order_of_its_sums(int rows, int inputs, int outputs, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(21);
        var weight = randn(outputs, inputs, generator: generator) * 0.05;
        var bias = withBias ? randn(outputs, generator: generator) : null;
        var x = randn(rows, inputs, generator: generator);

        var y = Float32Linear.TryForward(x, weight, bias);

        Assert.That(y, Is.Not.Null);
        Assert.That(y!.shape, Is.EqualTo(new long[] { rows, outputs }));
        // Against the exact product in float64: a float32 sum of n terms is off by at most about n·2^-24 of the sum of their sizes.
        var exact = nn.functional.linear(x.to(ScalarType.Float64), weight.to(ScalarType.Float64), bias?.to(ScalarType.Float64));
        var sizes = nn.functional.linear(x.abs().to(ScalarType.Float64), weight.abs().to(ScalarType.Float64), bias?.abs().to(ScalarType.Float64));
        var error = (y.to(ScalarType.Float64) - exact).abs();
        Assert.That((error <= sizes * (inputs * Math.Pow(2, -24)) + 1e-6).all().item<bool>(), $"largest error {error.max().item<double>():G3}");
    }

    [Test]
    public void A_rows_bits_do_not_depend_on_the_rows_beside_it()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(22);
        var weight = randn(1001, 768, generator: generator) * 0.05;
        var bias = randn(1001, generator: generator);
        var x = randn(Float32Linear.MaxRows, 768, generator: generator);

        var together = Float32Linear.TryForward(x, weight, bias)!;

        for (var rows = 1; rows <= Float32Linear.MaxRows; rows++)
        {
            var fewer = Float32Linear.TryForward(x.narrow(0, 0, rows), weight, bias)!;
            Assert.That(fewer.eq(together.narrow(0, 0, rows)).all().item<bool>(), $"{rows} rows");
        }
        var alone = Float32Linear.TryForward(x.narrow(0, 5, 1), weight, bias)!;
        Assert.That(alone.eq(together.narrow(0, 5, 1)).all().item<bool>(), "row 5 alone");
    }

    [Test]
    public void The_kernel_takes_a_batch_of_steps_as_rows_and_keeps_its_shape()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = randn(96, 32);
        var x = randn(4, 1, 32);

        var y = Float32Linear.TryForward(x, weight, null)!;

        Assert.That(y.shape, Is.EqualTo(new long[] { 4, 1, 96 }));
        Assert.That(y.allclose(nn.functional.linear(x, weight), rtol: 1e-5, atol: 1e-5), Is.True);
    }

    [Test]
    public void Only_a_few_float32_rows_in_a_marked_pass_go_through_the_kernel()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = randn(64, 32);

        Assert.That(Float32Linear.TryForward(randn(Float32Linear.MaxRows + 1, 32), weight, null), Is.Null, "more rows than it takes");
        Assert.That(Float32Linear.TryForward(randn(2, 32).to(ScalarType.BFloat16), weight.to(ScalarType.BFloat16), null), Is.Null, "bfloat16");
        Assert.That(Float32Linear.TryForward(randn(2, 24), randn(64, 24), null), Is.Null, "inputs not a multiple of 16");
        Assert.That(Float32Linear.TryForward(randn(2, 32), randn(32, 64).t(), null), Is.Null, "a weight that is not contiguous");
        _pass.Dispose();
        Assert.That(Float32Linear.TryForward(randn(2, 32), weight, null), Is.Null, "outside a pass marked for it");
        _pass = Float32Linear.ForPass();
        Assert.That(Float32Linear.TryForward(randn(2, 32), weight, null), Is.Not.Null, "in such a pass again");
    }

    [Test]
    public void The_output_layer_takes_any_number_of_rows_a_block_of_rows_at_a_time()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var generator = new Generator(23);
        var weight = randn(200, 64, generator: generator) * 0.05;
        var x = randn(1, Float32Linear.RowBlock + 3, 64, generator: generator);

        var y = Float32Linear.TryForward(x, weight, null, everyRow: true);

        Assert.That(Float32Linear.TryForward(x, weight, null), Is.Null, "a block's product keeps libtorch past MaxRows");
        Assert.That(y, Is.Not.Null);
        Assert.That(y!.shape, Is.EqualTo(new long[] { 1, Float32Linear.RowBlock + 3, 200 }));
        Assert.That(y.allclose(nn.functional.linear(x, weight), rtol: 1e-5, atol: 1e-5), Is.True);
        var last = Float32Linear.TryForward(x.narrow(1, Float32Linear.RowBlock + 2, 1), weight, null)!;
        Assert.That(last.eq(y.narrow(1, Float32Linear.RowBlock + 2, 1)).all().item<bool>(), "the last block's row, alone, has the same bits");
    }

    [Test]
    public void Gradients_keep_libtorch()
    {
        using var scope = NewDisposeScope();
        using var _ = enable_grad();
        var weight = randn(64, 32, requires_grad: true);

        Assert.That(Float32Linear.TryForward(randn(2, 32), weight, null), Is.Null);
    }
}
