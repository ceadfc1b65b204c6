using System.Text.Json;
using AdventureServer.LoadTest.Running;

namespace AdventureServer.LoadTest.Tests;

/// <summary>A small real run: the in-process server with the bundled default model, players over loopback SignalR.</summary>
[Category("Load")]
public class SmallLoadTests
{
    [Test, CancelAfter(120_000)]
    public async Task Two_parties_of_two_lose_no_action_and_see_the_same_story_even_across_reconnects()
    {
        var folder = Directory.CreateTempSubdirectory("load-run-").FullName;
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exit = await LoadTestCommand.RunAsync(
            ["--start-server", "--players", "4", "--party-size", "2", "--actions", "2", "--think-ms", "50", "--ramp-s", "0.2",
             "--max-new-tokens", "12", "--reconnect-chance", "0.5", "--retry-chance", "0.2", "--undo-chance", "0",
             "--duration-s", "90", "--out", folder],
            output, errors);

        var lines = output.ToString().TrimEnd().Split('\n');
        using var summary = JsonDocument.Parse(lines[^1]);
        var json = summary.RootElement;
        Assert.That(errors.ToString(), Is.Empty);
        Assert.That(json.GetProperty("actions_failed").GetInt32(), Is.Zero, output.ToString());
        Assert.That(json.GetProperty("actions_lost").GetInt32(), Is.Zero);
        Assert.That(json.GetProperty("integrity_errors").GetInt32(), Is.Zero, output.ToString());
        // Every player reached its two accepted actions; refusals (Busy) are retried, not lost.
        Assert.That(json.GetProperty("actions_completed").GetInt32(), Is.EqualTo(8), output.ToString());
        Assert.That(json.GetProperty("actions_sent").GetInt32(), Is.EqualTo(8 + json.GetProperty("actions_refused").GetInt32()));
        Assert.That(json.GetProperty("ttft_samples").GetInt32(), Is.GreaterThanOrEqualTo(1));
        Assert.That(json.GetProperty("streams_checked").GetInt32(), Is.GreaterThanOrEqualTo(8));
        Assert.That(json.GetProperty("tokens_per_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(exit, Is.Zero);
        Assert.That(File.Exists(Path.Combine(folder, "report.json")) && File.Exists(Path.Combine(folder, "chart.png")), Is.True);
        Directory.Delete(folder, recursive: true);
    }
}
