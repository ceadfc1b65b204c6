using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class RowTopKTests
{
    [SetUp]
    public void WithVectors() => Assume.That(System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated, "without 256-bit vectors libtorch's top-k serves");

    [TestCase(1)]
    [TestCase(40)]
    [TestCase(1000)]
    public void Random_rows_of_gpt2s_vocabulary_get_libtorchs_top_k_largest_first(int k)
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 50257, generator: new Generator(31)) * 3;
        var (values, ids) = x.topk(k, 1);

        var ours = RowTopK.TryOf(x, k);

        Assert.That(ours, Is.Not.Null);
        Assert.That(ours!.Value.Values.data<float>().ToArray(), Is.EqualTo(values.data<float>().ToArray()));
        Assert.That(ours.Value.Ids.data<long>().ToArray(), Is.EqualTo(ids.data<long>().ToArray()));
    }

    [Test]
    public void Equal_values_come_lowest_index_first_and_banned_tokens_last()
    {
        using var scope = NewDisposeScope();
        var x = full(2, 30, double.NegativeInfinity);
        x[0, 25] = 2; x[0, 3] = 2; x[0, 17] = 5; x[0, 9] = 2; // ties at 2
        x[1, 4] = 1; // one finite value: the rest of the top 3 are −∞, lowest indices first

        var (values, ids) = RowTopK.TryOf(x, 3)!.Value;

        Assert.That(ids.data<long>().ToArray(), Is.EqualTo(new long[] { 17, 3, 9, 4, 0, 1 }));
        Assert.That(values.data<float>().ToArray(), Is.EqualTo(new[] { 5f, 2f, 2f, 1f, float.NegativeInfinity, float.NegativeInfinity }));
    }

    [Test]
    public void A_row_with_a_nan_or_a_tensor_it_cannot_read_is_left_to_libtorch()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 100, generator: new Generator(2));
        x[1, 70] = double.NaN;

        Assert.That(RowTopK.TryOf(x, 5), Is.Null);
        Assert.That(RowTopK.TryOf(randn(100, 3).t(), 5), Is.Null, "not contiguous");
        Assert.That(RowTopK.TryOf(randn(3, 10), 11), Is.Null, "k above the width");
    }
}
