using AdventureServer.Inference.Devices;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Devices;

public class DeviceResolverTests
{
    const string CpuInfoWithBf16 = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n\nprocessor\t: 1\n";
    const string CpuInfoWithAmx = "flags\t\t: fpu avx512f amx_tile amx_int8 amx_bf16\n";
    const string CpuInfoWithout = "flags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n";

    [Test]
    public void Auto_on_a_cpu_with_avx512_bf16_picks_bfloat16_and_says_why()
    {
        var target = DeviceResolver.Resolve("cpu", "auto", CpuFeatures.FromCpuInfo(CpuInfoWithBf16));

        Assert.That(target.Device.type, Is.EqualTo(TorchSharp.DeviceType.CPU));
        Assert.That(target.DType, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(target.DTypeName, Is.EqualTo("bfloat16"));
        Assert.That(target.DTypeReason, Does.StartWith("auto: the CPU has avx512_bf16; decode products: "));
    }

    [Test]
    public void A_bfloat16_target_on_the_cpu_says_which_code_multiplies_its_decode_steps()
    {
        var target = DeviceResolver.Resolve("cpu", "bfloat16", CpuFeatures.FromCpuInfo(CpuInfoWithBf16));

        var expected = !AdventureServer.Inference.Kernels.BFloat16Kernel.IsSupported ? "libtorch (this CPU lacks AVX-512F)"
            : AdventureServer.Inference.Kernels.BFloat16Native.Active ? "AVX512-BF16 kernel (native)" : "AVX-512 kernel";
        Assert.That(target.DTypeReason, Is.EqualTo($"configured; decode products: {expected}"));
    }

    [Test]
    public void Auto_on_a_cpu_with_amx_picks_bfloat16()
    {
        var target = DeviceResolver.Resolve("cpu", "auto", CpuFeatures.FromCpuInfo(CpuInfoWithAmx));

        Assert.That(target.DType, Is.EqualTo(ScalarType.BFloat16));
        Assert.That(target.DTypeReason, Does.Contain("amx_bf16"));
    }

    [TestCase(CpuInfoWithout)]
    [TestCase("")]
    public void Auto_on_a_cpu_without_bfloat16_kernels_or_without_cpuinfo_picks_float32(string cpuInfo)
    {
        var target = DeviceResolver.Resolve("cpu", "auto", CpuFeatures.FromCpuInfo(cpuInfo));

        Assert.That(target.DType, Is.EqualTo(ScalarType.Float32));
        Assert.That(target.DTypeReason, Is.EqualTo("auto: the CPU has neither avx512_bf16 nor AMX"));
    }

    [Test]
    public void A_configured_dtype_wins_over_the_cpus_flags_and_is_reported_as_configured()
    {
        var target = DeviceResolver.Resolve("cpu", "float32", CpuFeatures.FromCpuInfo(CpuInfoWithBf16));

        Assert.That(target.DType, Is.EqualTo(ScalarType.Float32));
        Assert.That(target.DTypeReason, Is.EqualTo("configured"));
    }

    [Test]
    public void This_machines_auto_follows_its_cpuinfo_flags()
    {
        var expected = CpuFeatures.ThisMachine.BFloat16Flag is null ? ScalarType.Float32 : ScalarType.BFloat16;

        Assert.That(DeviceResolver.Resolve("cpu", "auto").DType, Is.EqualTo(expected));
    }

    [TestCase("bfloat16", ScalarType.BFloat16)]
    [TestCase("bf16", ScalarType.BFloat16)]
    [TestCase("FP32", ScalarType.Float32)]
    public void A_named_dtype_is_used_on_the_cpu(string name, ScalarType expected)
    {
        Assert.That(DeviceResolver.Resolve("cpu", name).DType, Is.EqualTo(expected));
    }

    [TestCase("int8")]
    [TestCase("Q8_0")]
    public void Int8_on_the_cpu_is_float32_compute_over_int8_weights_and_names_its_kernel(string name)
    {
        var target = DeviceResolver.Resolve("cpu", name, CpuFeatures.FromCpuInfo(CpuInfoWithBf16));

        Assert.That(target.Int8Weights, Is.True);
        Assert.That(target.DType, Is.EqualTo(ScalarType.Float32));
        Assert.That(target.DTypeName, Is.EqualTo("int8"));
        Assert.That(target.DTypeReason, Does.StartWith("configured; int8 kernel: "));
    }

    [Test]
    public void Int8_on_cuda_is_refused_with_the_dtype_to_use_there()
    {
        Assert.That(() => DeviceResolver.ResolveOn(TorchSharp.DeviceType.CUDA, "int8", CpuFeatures.FromCpuInfo("")),
            Throws.ArgumentException.With.Message.Contains("int8 weights are a CPU format; use float16 on CUDA"));
    }

    [Test]
    public void Auto_never_picks_int8()
    {
        Assert.That(DeviceResolver.Resolve("cpu", "auto", CpuFeatures.FromCpuInfo(CpuInfoWithBf16)).Int8Weights, Is.False);
        Assert.That(DeviceResolver.Resolve("cpu", "auto", CpuFeatures.FromCpuInfo(CpuInfoWithout)).Int8Weights, Is.False);
    }

    [Test]
    public void Unknown_names_are_refused_with_the_choices()
    {
        Assert.That(() => DeviceResolver.Resolve("tpu", "auto"), Throws.ArgumentException.With.Message.Contains("auto, cpu or cuda"));
        Assert.That(() => DeviceResolver.Resolve("cpu", "int4"), Throws.ArgumentException.With.Message.Contains("float32, float16 or bfloat16"));
    }

    [Test]
    public void Auto_picks_the_cpu_where_cuda_is_absent()
    {
        Assume.That(cuda.is_available(), Is.False);

        Assert.That(DeviceResolver.Resolve("auto", "auto").Device.type, Is.EqualTo(TorchSharp.DeviceType.CPU));
    }

    [Test]
    public void Asking_for_cuda_where_it_is_absent_is_a_clear_error()
    {
        Assume.That(cuda.is_available(), Is.False);

        Assert.That(() => DeviceResolver.Resolve("cuda", "auto"),
            Throws.InvalidOperationException.With.Message.Contains("CUDA is not available").And.Message.Contains("TorchBackend=cuda"));
    }

    [Test, Category("Gpu")]
    public void Auto_picks_cuda_and_float16_where_cuda_is_present()
    {
        if (!cuda.is_available())
            Assert.Ignore("CUDA is not available here.");

        var target = DeviceResolver.Resolve("auto", "auto");

        Assert.That(target.Device.type, Is.EqualTo(TorchSharp.DeviceType.CUDA));
        Assert.That(target.DType, Is.EqualTo(ScalarType.Float16));
    }
}
