using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Kernels;
using AdventureServer.Inference.Quantized;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Kernels;

public unsafe class BFloat16LayerNormTests
{
    [SetUp]
    public void WithFma() => Assume.That(BFloat16LayerNorm.Supports(16), "this CPU lacks AVX2 or FMA");

    // gpt2's widths, from small to xl, and one whose rows fill 16 chunks, so the cascade merges four levels deep.
    [TestCase(768)]
    [TestCase(1024)]
    [TestCase(1280)]
    [TestCase(1600)]
    [TestCase(4096)]
    public void Each_row_gets_the_bits_of_libtorchs_layer_norm(int width)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        const int rows = 400;
        var generator = new Generator((ulong)width);
        // Rows of other spreads and offsets, as a residual stream's are, and one of large values.
        var x = randn([rows, width], generator: generator) * (rand([rows, 1], generator: generator) * 20) + randn([rows, 1], generator: generator) * 3;
        x[0] = x[0] * 1e30;
        var input = x.to(ScalarType.BFloat16).contiguous();
        var gamma = (randn([width], generator: generator) * 0.3 + 1).to(ScalarType.BFloat16);
        var beta = (randn([width], generator: generator) * 0.1).to(ScalarType.BFloat16);

        var ours = Normalize(input, gamma, beta, 1e-5f);

        var theirs = nn.functional.layer_norm(input, [width], gamma, beta, 1e-5);
        Assert.That(BFloat16BitsOf.Values(ours), Is.EqualTo(BFloat16BitsOf.Values(theirs)));
    }

    [Test]
    public void Only_rows_of_whole_steps_of_sixteen_values_are_taken()
    {
        Assert.That(BFloat16LayerNorm.Supports(768), Is.True);
        Assert.That(BFloat16LayerNorm.Supports(24), Is.False);
        Assert.That(BFloat16LayerNorm.Supports(0), Is.False);
    }

    static Tensor Normalize(Tensor x, Tensor gamma, Tensor beta, float epsilon)
    {
        var (rows, width) = ((int)x.size(0), (int)x.size(1));
        var y = empty_like(x);
        BFloat16LayerNorm.Normalize((ushort*)TensorMemory.Data(x), rows, width, (ushort*)TensorMemory.Data(gamma), (ushort*)TensorMemory.Data(beta), epsilon,
            (ushort*)TensorMemory.Data(y), KernelThreads.Shared);
        return y;
    }
}
