using AdventureServer.LoadTest.Measuring;

namespace AdventureServer.LoadTest.Reporting;

/// <summary>Turns what a recorder holds, the integrity checks and two metric scrapes into a <see cref="LoadReport"/>.</summary>
public static class ReportBuilder
{
    public static LoadReport Build(LoadRecorder recorder, int players, int partySize, IReadOnlyList<IntegrityResult> integrity, MetricsSnapshot before, MetricsSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(integrity);
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var elapsedS = Math.Max(1e-3, (LoadClock.NowMs - recorder.StartedMs) / 1000);
        var ttft = recorder.Ttft;
        var itl = recorder.Itl;
        var refused = recorder.Refused;
        var failed = recorder.Failed;
        var errors = integrity.SelectMany(i => i.Errors).ToArray();
        var models = ModelAttribution.Sum(integrity.Select(i => i.Models));
        var deltasPerS = recorder.DeltaArrivals.Count / elapsedS;
        var tokens = after.TokensGenerated - before.TokensGenerated;
        var ttftCount = after.TtftCount - before.TtftCount;
        var scraped = after.SeriesCount > 0 && before.SeriesCount > 0;
        return new LoadReport
        {
            Players = players,
            PartySize = partySize,
            ElapsedS = Math.Round(elapsedS, 2),
            ActionsSent = recorder.Sent,
            ActionsCompleted = recorder.Completed,
            ActionsRefused = refused.Values.Sum(),
            RefusedByReason = refused,
            ActionsFailed = failed.Values.Sum(),
            FailedByReason = failed,
            FailureSamples = recorder.FailureSamples,
            ActionsLost = failed.GetValueOrDefault("Lost"),
            Reconnects = recorder.Reconnects,
            SetupRetries = recorder.SetupRetries,
            IntegrityErrors = errors.Length,
            IntegrityErrorSamples = [.. errors.Take(10)],
            StreamsChecked = integrity.Sum(i => i.StreamsChecked),
            StreamsSkipped = integrity.Sum(i => i.StreamsSkipped),
            ContinuationsByModel = models.ByModel,
            ContinuationsModelChanged = models.Changed,
            ContinuationsUnattributed = models.Unattributed,
            TtftSamples = ttft.Count,
            TtftP50Ms = Round(Percentiles.Of(ttft.Select(t => t.Ms), 50)),
            TtftP95Ms = Round(Percentiles.Of(ttft.Select(t => t.Ms), 95)),
            TtftP99Ms = Round(Percentiles.Of(ttft.Select(t => t.Ms), 99)),
            ItlP50Ms = Round(Percentiles.Of(itl, 50)),
            ItlP95Ms = Round(Percentiles.Of(itl, 95)),
            ItlP99Ms = Round(Percentiles.Of(itl, 99)),
            DeltasPerS = Math.Round(deltasPerS, 2),
            TokensPerS = Math.Round(scraped && tokens > 0 ? tokens / elapsedS : deltasPerS, 2),
            TokensPerSSource = scraped && tokens > 0 ? "server_metrics" : "client_deltas",
            ServerTokensGenerated = tokens,
            ServerTtftCount = ttftCount,
            ServerTtftMeanMs = ttftCount > 0 ? Math.Round((after.TtftSumMs - before.TtftSumMs) / ttftCount, 1) : null,
            Series = Series(recorder),
            TtftSamplesAt = [.. ttft.Select(t => new[] { Math.Round((t.AtMs - recorder.StartedMs) / 1000, 3), Math.Round(t.Ms, 1) })],
        };
    }

    /// <summary>One URL's figures, from the recorder its <paramref name="players"/> players recorded into.</summary>
    public static NodeFigures Node(Uri url, int players, LoadRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(recorder);
        var ttft = recorder.Ttft.Select(t => t.Ms).ToArray();
        return new NodeFigures(url.ToString(), players, recorder.Sent, recorder.Completed, recorder.Refused.Values.Sum(), recorder.Failed.Values.Sum(),
            ttft.Length, Round(Percentiles.Of(ttft, 50)), Round(Percentiles.Of(ttft, 99)));
    }

    /// <summary>The ramp's step figures, from a step's report.</summary>
    public static RampStep Step(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new RampStep(report.Players, report.TtftP50Ms, report.TtftP99Ms, report.ItlP99Ms, report.TokensPerS, report.ActionsSent, report.ActionsCompleted, report.ActionsRefused, report.ActionsFailed, report.IntegrityErrors);
    }

    static List<SeriesPoint> Series(LoadRecorder recorder)
    {
        var origin = recorder.StartedMs;
        var ttft = recorder.Ttft;
        var deltas = recorder.DeltaArrivals;
        var players = recorder.ActivePlayers;
        var seconds = (int)Math.Ceiling((LoadClock.NowMs - origin) / 1000);
        var points = new List<SeriesPoint>(seconds);
        for (var s = 0; s < seconds; s++)
        {
            double from = origin + s * 1000.0, to = from + 1000;
            var started = ttft.Where(t => t.AtMs >= from && t.AtMs < to).Select(t => t.Ms).ToArray();
            var count = deltas.Count(d => d >= from && d < to);
            var active = players.LastOrDefault(p => p.AtMs < to).Players;
            points.Add(new SeriesPoint(s, count, active, Round(Percentiles.Of(started, 99)), started.Length == 0 ? null : Math.Round(started.Max(), 1)));
        }

        return points;
    }

    static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;
}
