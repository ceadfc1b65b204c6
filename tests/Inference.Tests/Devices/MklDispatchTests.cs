using AdventureServer.Inference.Devices;

namespace AdventureServer.Inference.Tests.Devices;

public class MklDispatchTests
{
    [Test]
    public void MKL_is_pinned_to_AVX512_on_an_AMD_CPU_that_has_it()
    {
        Assert.That(MklDispatch.ShouldPin("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f avx512dq\n"), Is.True);
    }

    [Test]
    public void MKL_is_left_alone_on_Intel_and_on_CPUs_without_AVX512()
    {
        Assert.That(MklDispatch.ShouldPin("vendor_id\t: GenuineIntel\nflags\t\t: fpu avx2 avx512f\n"), Is.False);
        Assert.That(MklDispatch.ShouldPin("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2\n"), Is.False);
    }
}
