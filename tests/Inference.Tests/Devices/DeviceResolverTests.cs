using AdventureServer.Inference.Devices;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Devices;

public class DeviceResolverTests
{
    [Test]
    public void The_cpu_defaults_to_float32()
    {
        var target = DeviceResolver.Resolve("cpu", "auto");

        Assert.That(target.Device.type, Is.EqualTo(TorchSharp.DeviceType.CPU));
        Assert.That(target.DType, Is.EqualTo(ScalarType.Float32));
        Assert.That(target.DTypeName, Is.EqualTo("float32"));
    }

    [TestCase("bfloat16", ScalarType.BFloat16)]
    [TestCase("bf16", ScalarType.BFloat16)]
    [TestCase("FP32", ScalarType.Float32)]
    public void A_named_dtype_is_used_on_the_cpu(string name, ScalarType expected)
    {
        Assert.That(DeviceResolver.Resolve("cpu", name).DType, Is.EqualTo(expected));
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
