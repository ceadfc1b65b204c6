using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Running;

namespace AdventureServer.LoadTest.Tests;

/// <summary>Ramp mode's stopping rule against the real server (a bound no step can meet, so one step runs).</summary>
[Category("Load")]
public class RampTests
{
    [Test, CancelAfter(90_000)]
    public async Task A_ramp_stops_at_the_first_step_whose_p99_passes_the_bound_and_holds_no_players()
    {
        var options = LoadOptions.Parse(
            ["--start-server", "--ramp", "--ttft-p99-bound-ms", "0", "--step-players", "2", "--max-players", "6", "--party-size", "2",
             "--actions", "1", "--think-ms", "20", "--ramp-s", "0", "--max-new-tokens", "8", "--reconnect-chance", "0", "--duration-s", "60"]);

        var report = await LoadTestCommand.RunAsync(options, TextWriter.Null);

        Assert.That(report.Ramp, Is.Not.Null);
        Assert.That(report.Ramp!.Steps.Select(s => s.Players), Is.EqualTo(new[] { 2 }));
        Assert.That(report.Ramp.BoundPassed, Is.True);
        Assert.That(report.Ramp.MaxPlayersUnderBound, Is.Zero);
        Assert.That(report.ActionsFailed, Is.Zero);
        Assert.That(report.ActionsCompleted, Is.EqualTo(2));
    }
}
