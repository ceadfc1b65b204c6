using AdventureServer.Inference.Graphs;
using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Serving.Batching;

/// <summary>
/// The decode step as CUDA graphs, one per bucket shape (batch, length), captured the first time the shape
/// is needed and replayed from then on: a step becomes one launch instead of hundreds of small ones. The
/// graphs sample with every feature on, reading each row's settings from <see cref="SamplingRows"/>.
/// </summary>
internal sealed class DecodeGraphs(DecodeStep step, Device device) : IDisposable
{
    // Warm-up runs on the capture stream let cuBLAS and the allocator set up before the capture.
    const int WarmUps = 3;
    readonly Dictionary<(int Batch, int Length), CudaGraph> _graphs = [];

    /// <summary>Shapes captured so far.</summary>
    public int Count => _graphs.Count;

    /// <summary>Runs the step at a bucket shape; its inputs must be loaded, its tokens land in <see cref="DecodeStep.Tokens"/>.</summary>
    public void Run(int batch, int length)
    {
        if (!_graphs.TryGetValue((batch, length), out var graph))
        {
            graph = new CudaGraph(device);
            try
            {
                for (var i = 0; i < WarmUps; i++)
                    graph.Warm(Step);
                graph.Capture(Step);
            }
            catch
            {
                graph.Dispose();
                throw;
            }
            _graphs[(batch, length)] = graph;
        }
        graph.Replay();

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
    }
}
