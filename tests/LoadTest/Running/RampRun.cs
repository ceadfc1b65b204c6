using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Running;

/// <summary>
/// Ramp mode: loads of <c>step</c>, <c>2·step</c>, ... players, each a fresh set of parties on the same server,
/// until one step's p99 time to first token passes the bound (or the maximum, or the time cap, is reached).
/// </summary>
public static class RampRun
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, string tag, Action<LoadReport> stepDone, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(stepDone);
        var total = new LoadRecorder();
        var integrity = new List<IntegrityResult>();
        var steps = new List<RampStep>();
        var before = await MetricsSnapshot.ScrapeAllAsync(options.Urls, CancellationToken.None);
        var held = 0;
        LoadReport? last = null;
        var passed = false;
        for (var players = options.StepPlayers; players <= options.MaxPlayers && !cancel.IsCancellationRequested; players += options.StepPlayers)
        {
            var report = await LoadRun.RunAsync(options, players, new LoadRecorder(total), $"{tag}s{players}", cancel);
            integrity.Add(new IntegrityResult(report.IntegrityErrorSamples, report.StreamsChecked, report.StreamsSkipped));
            steps.Add(ReportBuilder.Step(report));
            stepDone(report);
            last = report;
            // A step cut short by the time cap says nothing about whether its players were held.
            if (cancel.IsCancellationRequested)
                break;
            if (report.TtftP99Ms is not { } p99 || p99 > options.TtftP99BoundMs)
            {
                passed = true;
                break;
            }

            held = players;
        }

        var after = await MetricsSnapshot.ScrapeAllAsync(options.Urls, CancellationToken.None);
        var whole = ReportBuilder.Build(total, steps.Count == 0 ? 0 : steps[^1].Players, options.PartySize, integrity, before, after);
        return whole with
        {
            // The samples above count only the first ten errors per step; the steps count them all.
            IntegrityErrors = steps.Sum(s => s.IntegrityErrors),
            Ramp = new RampResult(options.TtftP99BoundMs, held, passed, steps),
            // Per URL: the last step's figures (the one that passed the bound, or the largest held).
            Nodes = last?.Nodes,
        };
    }
}
