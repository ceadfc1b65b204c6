using AdventureServer.Server.Cli;
using static TorchSharp.torch;

namespace AdventureServer.Server.Tests.Cli;

[NonParallelizable] // the verb writes to the process's console
public class CudaGraphCheckCommandTests
{
    [Test]
    public void Without_cuda_the_check_says_why_and_exits_with_one()
    {
        Assume.That(cuda.is_available(), Is.False);
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = AdventureCommandLine.Create().Parse(["cuda-graph-check", "--replays", "10"]).Invoke();
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("CUDA is not available"));
    }
}
