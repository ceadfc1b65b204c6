namespace AdventureServer.Inference.Quantized;

/// <summary>Work that <see cref="KernelThreads"/> splits into parts, one per thread.</summary>
public interface IKernelJob
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    void Run(int part, int parts);
}
