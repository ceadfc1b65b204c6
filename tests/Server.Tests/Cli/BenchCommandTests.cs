using System.Text.Json;

namespace AdventureServer.Server.Tests.Cli;

[NonParallelizable] // the verb writes to the process's console
public class BenchCommandTests
{
    string _folder = null!;

    [OneTimeSetUp]
    public void SaveTinyModel() => _folder = TinyCheckpoint.Save("bench-tests");

    [OneTimeTearDown]
    public void DeleteTinyModel() => Directory.Delete(_folder, recursive: true);

    [Test, CancelAfter(120_000)]
    public void Bench_prints_a_table_then_one_json_line_with_the_batched_and_sequential_figures()
    {
        var (exitCode, output, error) = CommandLine.Invoke(
            "bench", "--model", _folder, "--device", "cpu", "--streams", "3", "--prompt-tokens", "8", "--new-tokens", "4", "--stagger-ms", "5", "--prefill-chunk", "4");

        Assert.That(exitCode, Is.Zero, error);
        var lines = output.Trim().Split('\n');
        Assert.That(lines, Has.Some.Contains("sequential, one at a time"));
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.That(root.GetProperty("streams").GetInt32(), Is.EqualTo(3));
        Assert.That(root.GetProperty("device").GetString(), Is.EqualTo("cpu"));
        foreach (var figure in new[] { "aggregate_tokens_per_s", "sequential_tokens_per_s", "speedup", "ttft_p50_ms", "ttft_p99_ms", "itl_p50_ms", "itl_p99_ms", "single_stream_itl_p99_ms" })
            Assert.That(root.GetProperty(figure).GetDouble(), Is.GreaterThan(0), figure);
    }

    [Test, CancelAfter(120_000)]
    public void With_the_games_sampling_settings_the_bench_draws_and_reports_them()
    {
        var (exitCode, output, error) = CommandLine.Invoke(
            "bench", "--model", _folder, "--device", "cpu", "--streams", "2", "--prompt-tokens", "8", "--new-tokens", "4", "--stagger-ms", "5",
            "--temperature", "0.8", "--top-k", "40", "--top-p", "0.9", "--repetition-penalty", "1.1");

        Assert.That(exitCode, Is.Zero, error);
        var lines = output.Trim().Split('\n');
        Assert.That(lines[0], Does.Contain("temperature 0.8").And.Contain("top-k 40").And.Contain("top-p 0.9").And.Contain("repetition penalty 1.1"));
        using var json = JsonDocument.Parse(lines[^1]);
        var root = json.RootElement;
        Assert.That(root.GetProperty("top_k").GetInt32(), Is.EqualTo(40));
        Assert.That(root.GetProperty("top_p").GetDouble(), Is.EqualTo(0.9).Within(1e-6));
        Assert.That(root.GetProperty("repetition_penalty").GetDouble(), Is.EqualTo(1.1).Within(1e-6));
        Assert.That(root.GetProperty("aggregate_tokens_per_s").GetDouble(), Is.GreaterThan(0));
    }

    [TestCase("--top-p", "0")]
    [TestCase("--top-k", "-1")]
    [TestCase("--repetition-penalty", "0")]
    public void Sampling_settings_out_of_range_are_refused_with_a_clear_message(string option, string value)
    {
        var (exitCode, _, error) = CommandLine.Invoke("bench", "--model", _folder, "--device", "cpu", "--prompt-tokens", "8", "--new-tokens", "4", option, value);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("bench: need temperature ≥ 0, top-k ≥ 0, 0 < top-p ≤ 1"));
    }

    [Test, CancelAfter(120_000)]
    public void Under_a_german_locale_the_flags_still_read_a_decimal_point_as_the_executable_runs_them()
    {
        var german = new System.Globalization.CultureInfo("de-DE");
        Assume.That(german.NumberFormat.NumberDecimalSeparator, Is.EqualTo(","), "this machine has no culture data (invariant globalization)");
        var (saved, savedDefault) = (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.DefaultThreadCurrentCulture);
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = german;
            AdventureServer.Server.Cli.AdventureCommandLine.UseInvariantCulture(); // what the executable does before parsing

            var (exitCode, output, error) = CommandLine.Invoke(
                "bench", "--model", _folder, "--device", "cpu", "--streams", "1", "--prompt-tokens", "8", "--new-tokens", "2",
                "--temperature", "0.8", "--top-p", "0.9");

            Assert.That(exitCode, Is.Zero, error);
            Assert.That(output.Split('\n')[0], Does.Contain("temperature 0.8").And.Contain("top-p 0.9"));
        }
        finally
        {
            (System.Globalization.CultureInfo.CurrentCulture, System.Globalization.CultureInfo.DefaultThreadCurrentCulture) = (saved, savedDefault);
        }
    }
}
