using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.LoadTest.Reporting;

/// <summary>The report as a table for people and as JSON (snake_case) for scripts.</summary>
public static class ReportWriter
{
    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    static readonly JsonSerializerOptions IndentedJson = new(Json) { WriteIndented = true };

    /// <summary>One line of JSON without the per-second series: the load tester's last line of output.</summary>
    public static string SummaryLine(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report with { Series = null, TtftSamplesAt = null }, Json);
    }

    /// <summary>The whole report, series included, indented.</summary>
    public static string FullJson(LoadReport report) => JsonSerializer.Serialize(report, IndentedJson);

    public static string Table(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = new StringBuilder();
        void Row(string name, object? value) => b.AppendLine(CultureInfo.InvariantCulture, $"  {name,-34} {value switch { null => "-", double d => d.ToString("0.#", CultureInfo.InvariantCulture), _ => value }}");
        static string Reasons(IReadOnlyDictionary<string, int> byReason) =>
            byReason.Count == 0 ? "" : " (" + string.Join(", ", byReason.OrderByDescending(r => r.Value).Select(r => $"{r.Key} {r.Value}")) + ")";

        b.AppendLine(CultureInfo.InvariantCulture, $"Load test: {report.Players} players in parties of {report.PartySize}, {report.ElapsedS:0.#} s");
        Row("actions sent", report.ActionsSent);
        Row("actions completed", report.ActionsCompleted);
        Row("actions refused", report.ActionsRefused + Reasons(report.RefusedByReason));
        Row("actions failed", report.ActionsFailed + Reasons(report.FailedByReason));
        Row("actions lost", report.ActionsLost);
        Row("reconnects (resumed)", report.Reconnects);
        Row("setup retries (server errors)", report.SetupRetries);
        Row("integrity errors", $"{report.IntegrityErrors} ({report.StreamsChecked} streams checked, {report.StreamsSkipped} skipped)");
        Row("continuations by model", (report.ContinuationsByModel.Count == 0 ? "none named" : string.Join(", ", report.ContinuationsByModel.Select(m => $"{m.Key} {m.Value}")))
            + $" ({report.ContinuationsModelChanged} changed model mid-way, {report.ContinuationsUnattributed} unattributed)");
        Row("time to first token p50/p95/p99 ms", $"{F(report.TtftP50Ms)} / {F(report.TtftP95Ms)} / {F(report.TtftP99Ms)} ({report.TtftSamples} samples)");
        Row("time between tokens p50/p95/p99 ms", $"{F(report.ItlP50Ms)} / {F(report.ItlP95Ms)} / {F(report.ItlP99Ms)}");
        Row("deltas/s (client)", report.DeltasPerS);
        Row("tokens/s", $"{F(report.TokensPerS)} ({report.TokensPerSSource})");
        Row("server: tokens generated", report.ServerTokensGenerated);
        Row("server: time to first token mean ms", $"{F(report.ServerTtftMeanMs)} over {report.ServerTtftCount}");
        if (report.Nodes is { Count: > 1 } nodes)
        {
            b.AppendLine("  per server: players  sent  done  refused  failed  ttft p50   ttft p99  url");
            foreach (var n in nodes)
                b.AppendLine(CultureInfo.InvariantCulture, $"  {n.Players,19}  {n.ActionsSent,4}  {n.ActionsCompleted,4}  {n.ActionsRefused,7}  {n.ActionsFailed,6}  {F(n.TtftP50Ms),8}  {F(n.TtftP99Ms),9}  {n.Url}");
        }

        foreach (var failure in report.FailureSamples)
            b.AppendLine(CultureInfo.InvariantCulture, $"  x {failure}");
        foreach (var error in report.IntegrityErrorSamples)
            b.AppendLine(CultureInfo.InvariantCulture, $"  ! {error}");
        if (report.Ramp is { } ramp)
        {
            b.AppendLine(CultureInfo.InvariantCulture, $"Ramp (p99 time to first token bound {ramp.TtftP99BoundMs:0} ms): {ramp.MaxPlayersUnderBound} players held{(ramp.BoundPassed ? "" : " (the bound was never passed: try more --max-players)")}");
            b.AppendLine("  players  ttft p50   ttft p99   itl p99   tokens/s  sent  done  refused  failed  integrity");
            foreach (var s in ramp.Steps)
                b.AppendLine(CultureInfo.InvariantCulture, $"  {s.Players,7}  {F(s.TtftP50Ms),8}  {F(s.TtftP99Ms),9}  {F(s.ItlP99Ms),8}  {F(s.TokensPerS),8}  {s.ActionsSent,4}  {s.ActionsCompleted,4}  {s.ActionsRefused,7}  {s.ActionsFailed,6}  {s.IntegrityErrors,9}");
        }

        return b.ToString();
    }

    static string F(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "-";
}
