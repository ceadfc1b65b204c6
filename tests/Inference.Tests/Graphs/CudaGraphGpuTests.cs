using AdventureServer.Inference.Graphs;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Graphs;

/// <summary>A tiny TorchSharp step captured with the native helper and replayed, on CUDA.</summary>
[Category("Gpu")]
public class CudaGraphGpuTests
{
    Tensor _x = null!;
    Tensor _y = null!;

    [SetUp]
    public void RequireCudaAndTheHelper()
    {
        RequireCudaGraphs.OrIgnore();
        _x = tensor(new float[] { 1, 2, 3, 4 }, device: CUDA);
        _y = zeros(4, device: CUDA);
    }

    [TearDown]
    public void DisposeTensors()
    {
        _x?.Dispose();
        _y?.Dispose();
    }

    void Step()
    {
        using var scope = NewDisposeScope();
        _y.copy_(_x * 2 + 1);
    }

    CudaGraph CaptureStep()
    {
        var graph = new CudaGraph(CUDA);
        for (var i = 0; i < 3; i++)
            graph.Warm(Step);
        graph.Capture(Step);
        return graph;
    }

    void SetX(params float[] values)
    {
        using var source = tensor(values);
        _x.copy_(source);
    }

    float[] Y()
    {
        using var host = _y.cpu();
        return host.data<float>().ToArray();
    }

    [Test]
    public void A_replay_recomputes_the_captured_step_from_the_inputs_as_they_are_now()
    {
        using var graph = CaptureStep();
        Assert.That(graph.IsCaptured);
        Assert.That(Y(), Is.EqualTo(new float[] { 3, 5, 7, 9 }), "the warm-up ran; the capture itself runs nothing");

        SetX(10, 20, 30, 40);
        Assert.That(Y(), Is.EqualTo(new float[] { 3, 5, 7, 9 }));
        graph.Replay();

        Assert.That(Y(), Is.EqualTo(new float[] { 21, 41, 61, 81 }));
    }

    [Test]
    public void Ten_thousand_replays_leave_cuda_memory_where_it_was()
    {
        using var graph = CaptureStep();
        graph.Replay();
        cuda.synchronize();
        var allocated = CudaGraphSupport.AllocatedBytes(CUDA);
        var reserved = CudaGraphSupport.ReservedBytes(CUDA);

        for (var i = 0; i < 10_000; i++)
        {
            SetX(i, i + 1, i + 2, i + 3);
            graph.Replay();
        }
        cuda.synchronize();

        Assert.That(Y(), Is.EqualTo(new float[] { 19_999, 20_001, 20_003, 20_005 }));
        Assert.That(CudaGraphSupport.AllocatedBytes(CUDA), Is.EqualTo(allocated));
        Assert.That(CudaGraphSupport.ReservedBytes(CUDA), Is.EqualTo(reserved));
    }

    [Test]
    public void Replaying_before_a_capture_is_refused_with_the_native_message()
    {
        using var graph = new CudaGraph(CUDA);

        Assert.That(graph.Replay, Throws.InvalidOperationException.With.Message.Contains("replay before a successful capture"));
    }

    [Test]
    public void A_graph_is_captured_once()
    {
        using var graph = CaptureStep();

        Assert.That(() => graph.Capture(Step), Throws.InvalidOperationException.With.Message.Contains("already holds a capture"));
        graph.Replay();
        Assert.That(Y(), Is.EqualTo(new float[] { 3, 5, 7, 9 }));
    }
}
