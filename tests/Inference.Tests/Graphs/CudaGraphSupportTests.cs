using AdventureServer.Inference.Graphs;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Graphs;

/// <summary>Where graphs cannot be used, asking says no with a reason, and nothing throws.</summary>
public class CudaGraphSupportTests
{
    [Test]
    public void Graphs_are_not_available_on_the_cpu_device()
    {
        bool available = true;
        string reason = "";

        Assert.That(() => available = CudaGraphSupport.IsAvailable(CPU, out reason), Throws.Nothing);
        Assert.That(available, Is.False);
        Assert.That(reason, Does.Contain("not CUDA"));
        Assert.That(CudaGraphSupport.IsAvailable(CPU), Is.False);
    }

    [Test]
    public void Graphs_are_not_available_on_a_cuda_device_where_cuda_is_absent()
    {
        Assume.That(cuda.is_available(), Is.False);

        Assert.That(CudaGraphSupport.IsAvailable(new Device(TorchSharp.DeviceType.CUDA), out var reason), Is.False);
        Assert.That(reason, Does.Contain("CUDA is not available"));
    }

    [Test]
    public void A_graph_asked_for_where_graphs_are_unavailable_is_refused_with_the_reason()
    {
        Assert.That(() => new CudaGraph(CPU), Throws.InvalidOperationException.With.Message.Contains("not CUDA"));
        Assert.That(() => CudaGraphSupport.AllocatedBytes(CPU), Throws.InvalidOperationException);
    }

    [Test]
    public void A_missing_helper_library_is_reported_without_throwing()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), CudaGraphNative.FileName);
        bool loaded = true;
        CudaGraphNative? native = null;
        string reason = "";

        Assert.That(() => loaded = CudaGraphNative.TryLoad([missing, "adventure_cuda_graph_not_installed"], out native, out reason), Throws.Nothing);
        Assert.That(loaded, Is.False);
        Assert.That(native, Is.Null);
        Assert.That(reason, Does.Contain(missing).And.Contain("no such file").And.Contain("adventure_cuda_graph_not_installed").And.Contain("build.sh"));
    }

    [Test]
    public void A_library_that_is_not_the_helper_is_refused()
    {
        Assume.That(OperatingSystem.IsLinux());

        Assert.That(CudaGraphNative.TryLoad(["libc.so.6"], out var native, out var reason), Is.False);
        Assert.That(native, Is.Null);
        Assert.That(reason, Does.Contain("not the CUDA graph helper"));
    }

    [Test]
    public void The_variable_may_name_the_helper_itself_or_its_folder_and_is_tried_first()
    {
        var folder = Path.GetTempPath();
        var file = Path.Combine(folder, "elsewhere", "custom.so");

        Assert.That(CudaGraphNative.Candidates(folder, "/app"),
            Is.EqualTo(new[] { Path.Combine(folder, CudaGraphNative.FileName), "/app/" + CudaGraphNative.FileName, "adventure_cuda_graph" }));
        Assert.That(CudaGraphNative.Candidates(file, "/app")[0], Is.EqualTo(file));
        Assert.That(CudaGraphNative.Candidates(null, "/app"), Is.EqualTo(new[] { "/app/" + CudaGraphNative.FileName, "adventure_cuda_graph" }));
    }
}
