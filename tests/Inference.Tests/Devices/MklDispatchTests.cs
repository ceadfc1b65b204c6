using AdventureServer.Inference.Devices;

namespace AdventureServer.Inference.Tests.Devices;

public class MklDispatchTests
{
    [Test]
    public void MKL_is_pinned_to_AVX512_on_an_AMD_CPU_that_has_it()
    {
        Assert.That(MklDispatch.BranchFor("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 fma avx2 avx512f avx512dq\n"), Is.EqualTo("AVX512"));
    }

    [Test]
    public void MKL_is_pinned_to_AVX2_on_an_AMD_CPU_without_AVX512()
    {
        Assert.That(MklDispatch.BranchFor("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 fma bmi1 avx2 smep\n"), Is.EqualTo("AVX2"));
    }

    [Test]
    public void MKL_is_left_alone_on_Intel_and_on_CPUs_without_AVX2()
    {
        Assert.That(MklDispatch.BranchFor("vendor_id\t: GenuineIntel\nflags\t\t: fpu fma avx2 avx512f\n"), Is.Null);
        Assert.That(MklDispatch.BranchFor("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx\n"), Is.Null);
        Assert.That(MklDispatch.BranchFor("vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2_like\n"), Is.Null, "a flag counts whole");
    }
}
