using AdventureServer.Inference.Kernels;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Kernels;

public class BFloat16GeluTests
{
    [SetUp]
    public void WithAvx512() => Assume.That(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, "this CPU lacks AVX-512F");

    static Tensor Ours(Tensor x)
    {
        using var _ = no_grad();
        return BFloat16Gelu.TryForward(x) ?? throw new InvalidOperationException("The kernel did not take the tensor.");
    }

    /// <summary>
    /// The tanh GELU of the bfloat16 values in float64, as x / (1 + exp(−2u)) (0.5·x·(1 + tanh u) loses every digit to
    /// 1 + tanh u = 0 once x is below about −6 even in float64): the value the bfloat16 result should round from.
    /// </summary>
    static Tensor Exact(Tensor x)
    {
        var v = x.to(ScalarType.Float64);
        return v / (1 + exp(-2 * Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v.pow(3))));
    }

    [Test]
    public void Each_output_is_the_exact_gelu_rounded_to_bfloat16_within_one_step()
    {
        using var scope = NewDisposeScope();
        var x = (randn(64, 3072, generator: new Generator(11)) * 3).to(ScalarType.BFloat16);
        var exact = Exact(x);
        var ours = Ours(x).to(ScalarType.Float64);

        // One bfloat16 step is 2^-7 of the value (8 bits of precision); rounding to nearest is within half of it.
        var error = (ours - exact).abs() / exact.abs().clamp_min(1e-30);
        Assert.That(error.max().item<double>(), Is.LessThanOrEqualTo(Math.Pow(2, -8) * 1.01));
    }

    [Test]
    public void It_agrees_with_libtorchs_bfloat16_gelu_wherever_that_keeps_its_digits()
    {
        using var scope = NewDisposeScope();
        var x = (randn(64, 3072, generator: new Generator(12)) * 3).to(ScalarType.BFloat16);
        var libtorch = nn.functional.gelu(x, GELU.Approximate.tanh).to(ScalarType.Float32);
        var ours = Ours(x).to(ScalarType.Float32);

        // Below about −4 libtorch's 0.5·x·(1 + tanh u) loses its digits to the sum (it gives −0 for −5.5, whose GELU is
        // −4.6e-9); both are within 1e-4 of zero there. Above, they round the same function to bfloat16.
        var kept = x.to(ScalarType.Float32) >= -4;
        var differing = ours.ne(libtorch).logical_and(kept).sum().item<long>();
        var steps = ((ours - libtorch).abs() / libtorch.abs().clamp_min(1e-30f)).masked_select(kept);
        TestContext.Out.WriteLine($"{differing} of {kept.sum().item<long>()} elements above −4 differ from libtorch's");
        Assert.That(differing, Is.LessThan(kept.sum().item<long>() / 200));
        Assert.That(steps.max().item<float>(), Is.LessThanOrEqualTo(Math.Pow(2, -7) * 1.01), "at most one bfloat16 step apart");
        Assert.That((ours - libtorch).abs().max().item<float>(), Is.LessThan(1e-4f));
    }

    [Test]
    public void Extremes_keep_their_limits_and_a_nan_stays_nan()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 0f, -0f, 1e-30f, 20f, -20f, 1e30f, -1e30f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 0.5f, -0.5f, 2f, -2f, 5f, -5f, 3f })
            .to(ScalarType.BFloat16); // 17: one full vector and a tail of one
        var ours = Ours(x).to(ScalarType.Float32).data<float>().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ours[0], Is.Zero);
            Assert.That(ours[3], Is.EqualTo(20f));
            Assert.That(ours[4], Is.Zero.Or.Negative.And.GreaterThan(-1e-30f));
            Assert.That(ours[5], Is.EqualTo(x[5].to(ScalarType.Float32).item<float>()));
            Assert.That(ours[7], Is.EqualTo(float.PositiveInfinity));
            Assert.That(float.IsNaN(ours[9]), Is.True);
            Assert.That(ours[16], Is.EqualTo(Exact(x[16]).to(ScalarType.BFloat16).to(ScalarType.Float32).item<float>()), "the tail element");
        });
    }

    [Test]
    public void A_strided_view_gives_the_gelu_of_its_values()
    {
        using var scope = NewDisposeScope();
        var x = randn(48, 40, generator: new Generator(13)).to(ScalarType.BFloat16);
        var view = x.t();

        Assert.That(Ours(view).to(ScalarType.Float32).data<float>().ToArray(), Is.EqualTo(Ours(view.contiguous()).to(ScalarType.Float32).data<float>().ToArray()));
        Assert.That(Ours(view).shape, Is.EqualTo(new long[] { 40, 48 }));
    }

    [Test]
    public void With_gradients_on_or_in_float32_libtorch_keeps_the_work()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 8).to(ScalarType.BFloat16);

        Assert.That(BFloat16Gelu.TryForward(x), Is.Null, "gradients are on outside no_grad");
        using var _ = no_grad();
        Assert.That(BFloat16Gelu.TryForward(randn(4, 8)), Is.Null);
    }
}
