using AdventureServer.Server.Cli;

namespace AdventureServer.Server.Tests.Api;

public class UnknownVerbTests
{
    [Test]
    public async Task An_unknown_verb_prints_the_verbs_and_fails_instead_of_serving()
    {
        var (stdout, stderr) = (Console.Out, Console.Error);
        using var error = new StringWriter();
        Console.SetError(error);
        int exitCode;
        try
        {
            // Were it to serve, the timeout stops the server and the exit code is 0.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            exitCode = await AdventureCommandLine.Create().Parse(["api-key", "create", "alice", "--urls=http://127.0.0.1:0"]).InvokeAsync(cancellationToken: timeout.Token);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(error.ToString(), Does.Contain("Unknown verb 'api-key'").And.Contain("apikey").And.Contain("serve").And.Contain("batch"));
    }
}
