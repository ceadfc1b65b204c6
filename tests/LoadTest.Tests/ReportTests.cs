using System.Text.Json;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Players;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Tests;

public class ReportTests
{
    static LoadReport Recorded()
    {
        var recorder = new LoadRecorder();
        recorder.PlayerJoined();
        recorder.ActionSent();
        recorder.ActionSent();
        recorder.ActionSent();
        recorder.ActionCompleted();
        recorder.ActionRefused("Busy");
        recorder.ActionFailed("Lost", "block never ended");
        var now = LoadClock.NowMs;
        recorder.TimeToFirstToken(now, 120);
        recorder.TimeBetweenTokens([now + 120, now + 130, now + 150]);
        recorder.DeltasArrived([now + 120, now + 130, now + 150]);
        var before = MetricsSnapshot.Parse("adventure_inference_tokens_generated_total 10\nadventure_inference_time_to_first_token_milliseconds_sum 0\nadventure_inference_time_to_first_token_milliseconds_count 0\n");
        var after = MetricsSnapshot.Parse("adventure_inference_tokens_generated_total 13\nadventure_inference_time_to_first_token_milliseconds_sum 90\nadventure_inference_time_to_first_token_milliseconds_count 1\n");
        return ReportBuilder.Build(recorder, 1, 1, [new IntegrityResult(["one"], 2, 0)], before, after);
    }

    [Test]
    public void The_report_counts_outcomes_by_reason_and_takes_tokens_from_the_server_metrics()
    {
        var report = Recorded();

        Assert.That(report.ActionsSent, Is.EqualTo(3));
        Assert.That(report.ActionsCompleted, Is.EqualTo(1));
        Assert.That(report.RefusedByReason, Is.EqualTo(new Dictionary<string, int> { ["Busy"] = 1 }));
        Assert.That(report.ActionsFailed, Is.EqualTo(1));
        Assert.That(report.ActionsLost, Is.EqualTo(1));
        Assert.That(report.IntegrityErrors, Is.EqualTo(1));
        Assert.That(report.TtftP99Ms, Is.EqualTo(120));
        Assert.That(report.ItlP99Ms, Is.EqualTo(20));
        Assert.That(report.ServerTokensGenerated, Is.EqualTo(3));
        Assert.That(report.ServerTtftMeanMs, Is.EqualTo(90));
        Assert.That(report.TokensPerSSource, Is.EqualTo("server_metrics"));
    }

    [Test]
    public void The_summary_line_is_one_json_object_with_the_figures_scripts_read()
    {
        var line = ReportWriter.SummaryLine(Recorded());

        Assert.That(line, Does.Not.Contain('\n'));
        using var json = JsonDocument.Parse(line);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.That(names, Is.SupersetOf(new[] { "actions_sent", "actions_completed", "actions_refused", "actions_failed", "integrity_errors", "ttft_p50_ms", "ttft_p99_ms", "itl_p99_ms", "tokens_per_s" }));
        Assert.That(names, Does.Not.Contain("series"));
    }

    [TestCase("Busy: The story is being written; wait for it to finish.", "Busy")]
    [TestCase("An unexpected error occurred invoking 'Act' on the server. HubException: NotYourTurn: It is Bob's turn.", "NotYourTurn")]
    [TestCase("Something broke", "Unknown")]
    public void A_refusal_reason_is_the_word_before_the_first_colon(string message, string reason)
    {
        Assert.That(SimulatedPlayer.Reason(message), Is.EqualTo(reason));
    }

    [Test]
    public void The_chart_is_written_as_a_png_for_a_run_and_for_a_ramp()
    {
        var folder = Directory.CreateTempSubdirectory("load-chart-").FullName;
        var report = Recorded();
        var ramp = report with { Ramp = new RampResult(2000, 4, true, [new RampStep(4, 100, 900, 30, 50, 8, 8, 0, 0, 0), new RampStep(8, 300, 2500, 60, 70, 16, 16, 0, 0, 0)]) };

        ChartRenderer.Render(report, Path.Combine(folder, "run.png"));
        ChartRenderer.Render(ramp, Path.Combine(folder, "ramp.png"));

        foreach (var name in new[] { "run.png", "ramp.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(folder, name));
            Assert.That(bytes.Take(4), Is.EqualTo(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }));
        }

        Directory.Delete(folder, recursive: true);
    }
}
