using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.Server.Tests.Cluster;

// Issue 21: a worker added during a load run is picked up by the front-end and loses no action.
public partial class WorkerTests
{
    [Test]
    public async Task A_worker_added_during_a_load_run_serves_turns_within_seconds_and_no_action_fails_or_is_lost()
    {
        // Four rows a worker, so once the newcomer takes its share of the adventures each worker keeps its stories'
        // prefixes cached and prefills only a turn's new tokens; with two, every turn prefilled its whole story (up to
        // 512 tokens) again. On a Zen 3 without AVX-512 (float32 gpt2, 1.9 ms a prompt token), with a thread per core in
        // each node, 32 of the 64 actions were done when the run's 150 s were up with two rows and 54 with four; with
        // one thread a node as well (ClusterFixture) all 64 in 50 s.
        var (cluster, frontend) = await StartWithWorkersAsync(1, FourRows);
        // Eight adventures, so some prefer the newcomer by rendezvous (all eight stay put with probability 1/256) and
        // the lone worker's queue is deep enough to spill. A worker takes 10–30 s to start on these cores: it is
        // started 2 s into a run of about a minute.
        var run = Stopwatch.StartNew();
        var load = LoadAsync(frontend, players: 8, partySize: 1, actions: 8, thinkMs: 500);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var added = await cluster.AddNodeAsync([.. Worker, .. FourRows]);
        var readyAtS = run.Elapsed.TotalSeconds;
        var joined = Stopwatch.StartNew();
        var peaks = new Dictionary<string, double>(StringComparer.Ordinal);
        double? firstTokensS = null;
        while (!load.IsCompleted)
        {
            var metrics = await frontend.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            foreach (Match m in TokensPerSecond().Matches(metrics))
            {
                var rate = double.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture);
                peaks[m.Groups["worker"].Value] = Math.Max(peaks.GetValueOrDefault(m.Groups["worker"].Value), rate);
            }
            if (firstTokensS is null && peaks.GetValueOrDefault(added.Name) > 0)
                firstTokensS = joined.Elapsed.TotalSeconds;
            await Task.Delay(250);
        }
        var report = await load;
        var workerLines = string.Join("\n", (await frontend.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n').Where(l => l.StartsWith("adventure_worker", StringComparison.Ordinal)));
        var served = TokensGenerated(await added.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{added.Name} was ready {readyAtS:F1} s into the {run.Elapsed.TotalSeconds:F1} s run; the front-end saw it generate {firstTokensS:F1} s later; it generated {served} tokens; " +
            $"peak tokens/s by worker (front-end's /metrics): {string.Join(", ", peaks.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value:F1}"))}\n{ReportWriter.Table(report)}\n{workerLines}"));
        Assert.Multiple(() =>
        {
            AssertNoActionFailed(report, expectedActions: 64);
            AssertOneModelEach(report, expectedContinuations: 64);
            Assert.That(served, Is.GreaterThan(0), "the new worker served turns");
            Assert.That(firstTokensS, Is.Not.Null.And.LessThan(15), "the front-end routed to it within seconds of its start");
        });
    }

    static readonly string[] FourRows = ["--Inference:MaxConcurrentSequences=4"];

    [GeneratedRegex(@"(?m)^adventure_worker_tokens_per_second\{[^}]*worker=""(?<worker>[^""]+)""[^}]*\} (?<rate>[0-9.eE+-]+)")]
    private static partial Regex TokensPerSecond();

    static double TokensGenerated(string metrics) =>
        metrics.Split('\n').Where(l => l.StartsWith("adventure_inference_tokens_generated_total", StringComparison.Ordinal))
            .Sum(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture));
}
