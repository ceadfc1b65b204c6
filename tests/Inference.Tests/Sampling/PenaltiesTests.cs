using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class PenaltiesTests
{
    /// <summary>The rule as tensor ops: banned to −∞, then seen ones divided by the penalty where positive, multiplied where not.</summary>
    static Tensor ByTensorOps(Tensor x, Tensor banned, Tensor seen, Tensor penalty)
    {
        var banned_ = x.masked_fill(banned, double.NegativeInfinity);
        var p = penalty.unsqueeze(1);
        return where(seen, where(banned_ > 0, banned_ / p, banned_ * p), banned_);
    }

    [Test]
    public void Bans_and_penalties_give_the_bits_of_the_tensor_ops()
    {
        Assume.That(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the one pass needs AVX2; without it the tensor ops serve");
        using var scope = NewDisposeScope();
        var generator = new Generator(21);
        // 50,257 columns: the last one goes through the scalar tail.
        var x = randn(6, 50257, generator: generator) * 4;
        x[0, 5] = 0; x[0, 6] = -0.0; x[1, 7] = double.PositiveInfinity; x[1, 8] = double.NaN; x[2, 50256] = 3;
        var banned = rand(6, 50257, generator: generator) < 0.01;
        var seen = rand(6, 50257, generator: generator) < 0.05;
        seen[2, 50256] = true; banned[3, 100] = true; seen[3, 100] = true; // the tail; a token both banned and seen
        var penalty = tensor(new[] { 1.1f, 1.3f, 0.9f, 1f, 2f, 1.05f });
        var expected = ByTensorOps(x, banned, seen, penalty);

        Assert.That(Penalties.TryApply(x, banned, seen, penalty), Is.True);
        Assert.That(x.isnan().eq(expected.isnan()).all().item<bool>(), Is.True, "NaNs where the tensor ops put them");
        var finite = x.isnan().logical_not();
        Assert.That(x.masked_select(finite).data<float>().ToArray(), Is.EqualTo(expected.masked_select(finite).data<float>().ToArray()));
        Assert.That(x[3, 100].item<float>(), Is.EqualTo(float.NegativeInfinity));
        Assert.That(x[2, 50256].item<float>(), Is.EqualTo(3f / 0.9f));
    }

    [Test]
    public void Tensors_it_cannot_read_in_place_are_left_alone_for_the_tensor_ops()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 16);
        var before = x.clone();
        var masks = zeros(4, 16, ScalarType.Bool);

        Assert.That(Penalties.TryApply(x.t(), masks.t(), masks.t(), ones(16)), Is.False, "not contiguous");
        Assert.That(Penalties.TryApply(x.to(ScalarType.Float64), masks, masks, ones(4)), Is.False, "float64");
        Assert.That(Penalties.TryApply(x, masks, masks, ones(3)), Is.False, "a penalty per row");
        Assert.That(x.eq(before).all().item<bool>(), Is.True);
    }
}
