using AdventureServer.Server.Cli;

namespace AdventureServer.Server.Tests.Cli;

/// <summary>Runs a verb of the server's command line in this process, capturing what it writes.</summary>
internal static class CommandLine
{
    /// <summary>Parses and invokes <paramref name="args"/>; stdout and stderr are captured, then restored.</summary>
    public static (int ExitCode, string Out, string Error) Invoke(params string[] args)
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = AdventureCommandLine.Create().Parse(args).Invoke();
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }
}
