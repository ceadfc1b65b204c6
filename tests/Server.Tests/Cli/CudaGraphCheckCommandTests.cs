using static TorchSharp.torch;

namespace AdventureServer.Server.Tests.Cli;

[NonParallelizable] // the verb writes to the process's console
public class CudaGraphCheckCommandTests
{
    [Test]
    public void Without_cuda_the_check_says_why_and_exits_with_one()
    {
        Assume.That(cuda.is_available(), Is.False);
        var (exitCode, _, error) = CommandLine.Invoke("cuda-graph-check", "--replays", "10");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("CUDA is not available"));
    }
}
