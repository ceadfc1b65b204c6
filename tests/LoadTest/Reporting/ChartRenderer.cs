using ScottPlot;

namespace AdventureServer.LoadTest.Reporting;

/// <summary>
/// Draws the report as a PNG: latency and throughput against time, and in ramp mode also against the number of
/// players, with the bound drawn in so the answer can be read off the picture.
/// </summary>
public static class ChartRenderer
{
    public static void Render(LoadReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(report);
        var multiplot = new Multiplot();
        // A new multiplot already holds one plot: the first chart goes there.
        LatencyOverTime(multiplot.GetPlot(0), report);
        var throughput = multiplot.AddPlot();
        ThroughputOverTime(throughput, report);
        if (report.Ramp is { Steps.Count: > 0 } ramp)
            AgainstPlayers(multiplot.AddPlot(), ramp);
        multiplot.SavePng(path, 1000, report.Ramp is null ? 700 : 1050);
    }

    static void LatencyOverTime(Plot plot, LoadReport report)
    {
        var samples = report.TtftSamplesAt ?? [];
        if (samples.Count > 0)
        {
            var dots = plot.Add.ScatterPoints(samples.Select(s => s[0]).ToArray(), samples.Select(s => s[1]).ToArray());
            dots.LegendText = "time to first token (each action)";
            dots.MarkerSize = 4;
        }

        if (report.TtftP99Ms is { } p99)
        {
            var line = plot.Add.HorizontalLine(p99);
            line.LegendText = $"p99 of the run {p99:0} ms";
            line.LineWidth = 1;
        }

        if (report.Ramp is { } ramp)
        {
            var bound = plot.Add.HorizontalLine(ramp.TtftP99BoundMs);
            bound.LegendText = $"bound {ramp.TtftP99BoundMs:0} ms";
            bound.LinePattern = LinePattern.Dashed;
        }

        plot.Title($"Time to first token (client-side): p50 {report.TtftP50Ms:0} ms, p99 {report.TtftP99Ms:0} ms");
        plot.XLabel("seconds into the run");
        plot.YLabel("ms");
        FromZero(plot, hasRightAxis: false);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    static void ThroughputOverTime(Plot plot, LoadReport report)
    {
        var series = report.Series ?? [];
        var x = series.Select(p => p.TimeS).ToArray();
        var deltas = plot.Add.Scatter(x, series.Select(p => p.DeltasPerS).ToArray());
        deltas.LegendText = "deltas/s received";
        deltas.MarkerSize = 0;
        var players = plot.Add.Scatter(x, series.Select(p => (double)p.Players).ToArray());
        players.LegendText = "players connected (right axis)";
        players.MarkerSize = 0;
        players.LinePattern = LinePattern.Dashed;
        players.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "players";
        plot.Title($"Throughput: {report.TokensPerS:0.#} tokens/s overall ({report.TokensPerSSource.Replace('_', ' ')})");
        plot.XLabel("seconds into the run");
        plot.YLabel("deltas/s");
        FromZero(plot, hasRightAxis: true);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    static void AgainstPlayers(Plot plot, RampResult ramp)
    {
        var x = ramp.Steps.Select(s => (double)s.Players).ToArray();
        var p99 = plot.Add.Scatter(x, ramp.Steps.Select(s => s.TtftP99Ms ?? double.NaN).ToArray());
        p99.LegendText = "p99 time to first token (ms)";
        var p50 = plot.Add.Scatter(x, ramp.Steps.Select(s => s.TtftP50Ms ?? double.NaN).ToArray());
        p50.LegendText = "p50 time to first token (ms)";
        var bound = plot.Add.HorizontalLine(ramp.TtftP99BoundMs);
        bound.LegendText = $"bound {ramp.TtftP99BoundMs:0} ms";
        bound.LinePattern = LinePattern.Dashed;
        var tokens = plot.Add.Scatter(x, ramp.Steps.Select(s => s.TokensPerS).ToArray());
        tokens.LegendText = "tokens/s (right axis)";
        tokens.Axes.YAxis = plot.Axes.Right;
        plot.Axes.Right.Label.Text = "tokens/s";
        plot.Title($"Against players: {ramp.MaxPlayersUnderBound} players held with p99 time to first token under {ramp.TtftP99BoundMs:0} ms");
        plot.XLabel("players");
        plot.YLabel("ms");
        FromZero(plot, hasRightAxis: true);
        plot.ShowLegend(Alignment.UpperLeft);
    }

    /// <summary>Latencies and rates read wrong on an axis that does not start at zero.</summary>
    static void FromZero(Plot plot, bool hasRightAxis)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        plot.Axes.SetLimitsY(0, Math.Max(1, limits.Top * 1.1));
        if (!hasRightAxis)
        {
            plot.Axes.Right.IsVisible = false;
            return;
        }

        // The right axis (players, tokens/s) is a count too; without this it autoscales below zero.
        var right = plot.Axes.Right.Range;
        right.Min = 0;
        right.Max = Math.Max(1, right.Max * 1.1);
    }
}
