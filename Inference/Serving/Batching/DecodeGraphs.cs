using AdventureServer.Inference.Graphs;
using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The decode step as CUDA graphs, one per bucket shape (batch, length), captured the first time the shape
/// is needed and replayed from then on: a step becomes one launch instead of hundreds of small ones. The
/// graphs sample with every feature on, reading each row's settings from <see cref="SamplingRows"/>. They
/// share the first graph's memory pool: they are replayed one at a time and keep nothing there between
/// replays (tokens go to <see cref="DecodeStep.Tokens"/>, keys and values to the KV-cache pool).
/// </summary>
internal sealed class DecodeGraphs(DecodeStep step, Device device) : IDisposable
{
    // Warm-up runs on the capture stream let cuBLAS and the allocator set up before the capture.
    const int WarmUps = 3;
    readonly Dictionary<(int Batch, int Length), CudaGraph> _graphs = [];
    CudaGraph? _poolOwner;

    /// <summary>Shapes captured so far.</summary>
    public int Count => _graphs.Count;

    /// <summary>Runs the step at a bucket shape; its inputs must be loaded, its tokens land in <see cref="DecodeStep.Tokens"/>.</summary>
    /// <exception cref="GraphDecodingException">The step could not be captured or replayed (the caller decodes eagerly instead).</exception>
    public void Run(int batch, int length)
    {
        try
        {
            if (!_graphs.TryGetValue((batch, length), out var graph))
                graph = Capture(batch, length);
            graph.Replay();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not GraphDecodingException)
        {
            throw new GraphDecodingException($"Decoding a batch of {batch} over {length} positions as a CUDA graph failed: {e.Message}", e);
        }
    }

    CudaGraph Capture(int batch, int length)
    {
        var graph = new CudaGraph(device);
        try
        {
            for (var i = 0; i < WarmUps; i++)
                graph.Warm(Step);
            graph.Capture(Step, _poolOwner);
        }
        catch
        {
            graph.Dispose();
            throw;
        }
        _poolOwner ??= graph;
        _graphs[(batch, length)] = graph;
        return graph;

        void Step()
        {
            using var scope = NewDisposeScope();
            step.Run(batch, length, SamplingFeatures.All);
        }
    }

    public void Dispose()
    {
        foreach (var graph in _graphs.Values)
            graph.Dispose();
        _graphs.Clear();
        _poolOwner = null;
    }
}
