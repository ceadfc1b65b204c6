using AdventureServer.Inference.Graphs;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Graphs;

/// <summary>Skips a GPU test where CUDA or the native CUDA-graph helper is missing, saying which.</summary>
internal static class RequireCudaGraphs
{
    public static void OrIgnore()
    {
        if (!cuda.is_available())
            Assert.Ignore("CUDA is not available here.");
        if (!CudaGraphSupport.IsAvailable(CUDA, out var reason))
            Assert.Ignore(reason);
    }
}
