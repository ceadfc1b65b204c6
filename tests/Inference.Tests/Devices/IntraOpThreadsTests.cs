using AdventureServer.Inference.Devices;
using AdventureServer.Inference.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Devices;

[NonParallelizable]
public class IntraOpThreadsTests
{
    [Test]
    public void Libtorch_gets_one_thread_beside_the_int8_kernels_and_beside_the_bfloat16_decode_kernel()
    {
        var own = IntraOpThreads.For(new ComputeTarget(CPU, ScalarType.Float32));

        Assert.That(IntraOpThreads.For(new ComputeTarget(CPU, ScalarType.Float32, Int8Weights: true)), Is.EqualTo(1));
        Assert.That(IntraOpThreads.For(new ComputeTarget(CPU, ScalarType.BFloat16)), Is.EqualTo(BFloat16Kernel.IsSupported ? 1 : own));
        Assert.That(own, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void A_pass_on_libtorchs_products_gets_its_own_threads_back_and_one_on_the_kernels_keeps_one()
    {
        var own = IntraOpThreads.For(new ComputeTarget(CPU, ScalarType.Float32));
        Assume.That(own, Is.GreaterThan(1), "libtorch started with one thread here");
        var before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            using (IntraOpThreads.ForBFloat16Pass(kernelProducts: true))
                Assert.That(torch.get_num_threads(), Is.EqualTo(1));
            using (IntraOpThreads.ForBFloat16Pass(kernelProducts: false))
                Assert.That(torch.get_num_threads(), Is.EqualTo(own));
            Assert.That(torch.get_num_threads(), Is.EqualTo(1));
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }
}
