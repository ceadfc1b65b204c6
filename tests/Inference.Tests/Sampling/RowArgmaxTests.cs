using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class RowArgmaxTests
{
    static long[] Ours(Tensor x) => RowArgmax.Of(x).data<long>().ToArray();

    static long[] Libtorch(Tensor x) => x.argmax(1).data<long>().ToArray();

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.BFloat16)]
    public void Random_rows_of_gpt2s_vocabulary_get_libtorchs_indices(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // 50,257 is not a multiple of 8, so the last elements go through the scalar tail.
        var x = randn(16, 50257, generator: new Generator(7)).to(dtype);

        Assert.That(Ours(x), Is.EqualTo(Libtorch(x)));
    }

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.BFloat16)]
    public void Ties_go_to_the_first_maximum_wherever_it_lies(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var x = zeros(5, 37);
        x[0] = ones(37); // all equal
        x[1, 3] = 2; x[1, 20] = 2; // two maxima in the vector part
        x[2, 33] = 5; x[2, 36] = 5; // both in the tail
        x[3] = full(37, -1.0); x[3, 9] = -0.0; x[3, 30] = 0.0; // −0 before +0: equal, the first wins
        x[4] = full(37, double.NegativeInfinity); // nothing but −∞
        x = x.to(dtype);

        Assert.That(Ours(x), Is.EqualTo(Libtorch(x)));
        Assert.That(Ours(x), Is.EqualTo(new long[] { 0, 3, 33, 9, 0 }));
    }

    [TestCase(ScalarType.Float32)]
    [TestCase(ScalarType.BFloat16)]
    public void A_row_with_a_nan_gets_its_first_nan_as_libtorch_gives_it(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 40, generator: new Generator(3));
        x[0, 11] = double.NaN; x[0, 25] = double.NaN;
        x[1, 39] = double.NaN; // in the tail
        x[2, 5] = double.PositiveInfinity;
        x = x.to(dtype);

        Assert.That(Ours(x), Is.EqualTo(Libtorch(x)));
        Assert.That(Ours(x), Is.EqualTo(new long[] { 11, 39, 5 }));
    }

    [Test]
    public void A_strided_view_is_read_as_its_values()
    {
        using var scope = NewDisposeScope();
        var x = randn(64, 30, generator: new Generator(5)).t(); // (30, 64), not contiguous

        Assert.That(Ours(x), Is.EqualTo(Libtorch(x)));
    }

    [Test]
    public void Other_dtypes_are_libtorchs()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 100, generator: new Generator(9)).to(ScalarType.Float64);

        Assert.That(Ours(x), Is.EqualTo(Libtorch(x)));
    }
}
