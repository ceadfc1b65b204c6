using AdventureServer.Inference.Models;
using AdventureServer.Server.Cli;

namespace AdventureServer.Server.Tests.Cli;

public class ConsoleDownloadProgressTests
{
    [Test]
    public void A_line_shows_the_bar_the_megabytes_and_the_percentage()
    {
        var line = ConsoleDownloadProgress.Line(new DownloadProgress("model.safetensors", 250_000_000, 500_000_000));

        Assert.That(line, Is.EqualTo("model.safetensors [###############               ] 250.0/500.0 MB  50%"));
    }

    [Test]
    public void A_line_without_a_known_size_shows_only_the_megabytes()
    {
        var line = ConsoleDownloadProgress.Line(new DownloadProgress("config.json", 1_500_000, null));

        Assert.That(line, Is.EqualTo("config.json 1.5 MB"));
    }

    [Test]
    public void A_redirected_log_gets_one_line_per_finished_file()
    {
        using var output = new StringWriter();
        var progress = new ConsoleDownloadProgress(output, interactive: false);

        foreach (var done in new long[] { 0, 100, 200, 300 })
        {
            progress.Report(new DownloadProgress("a.safetensors", done, 300));
        }

        progress.Report(new DownloadProgress("config.json", 10, 10));

        Assert.That(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2));
    }
}
