using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests;

public class TorchSharpOnThisMachineTests
{
    [Test]
    public void A_matrix_product_on_the_cpu_gives_the_right_numbers()
    {
        using var a = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        using var b = tensor(new float[] { 7, 8, 9, 10, 11, 12 }, new long[] { 3, 2 });

        using var product = a.matmul(b);

        Assert.That(product.shape, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(product.data<float>().ToArray(), Is.EqualTo(new float[] { 58, 64, 139, 154 }));
    }
}
