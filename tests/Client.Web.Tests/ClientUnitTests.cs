using System.Diagnostics;

namespace AdventureServer.Client.Web.Tests;

/// <summary>The client's own unit tests (stream assembly: order, duplicates, gaps, catch-up), run by node's test runner.</summary>
[CancelAfter(90_000)]
public sealed class ClientUnitTests
{
    [Test]
    public async Task The_clients_unit_tests_pass_under_nodes_test_runner(CancellationToken cancellation)
    {
        var client = Path.Combine(RepositoryRoot(), "Client.Web");
        using var npm = Process.Start(new ProcessStartInfo("npm", "test")
        {
            WorkingDirectory = client,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = npm.StandardOutput.ReadToEndAsync(cancellation);
        var errors = npm.StandardError.ReadToEndAsync(cancellation);
        await npm.WaitForExitAsync(cancellation);

        Assert.That(npm.ExitCode, Is.Zero, $"npm test failed:\n{await output}\n{await errors}");
        Assert.That(await output, Does.Match(@"# pass [1-9]"));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AdventureServer.sln")))
                return dir.FullName;
        throw new DirectoryNotFoundException("AdventureServer.sln is not above the test's output folder.");
    }
}
