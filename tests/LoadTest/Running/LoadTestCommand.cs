using System.Globalization;
using AdventureServer.LoadTest.Hosting;
using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Running;

/// <summary>The load tester's command: parse, start the server if asked, run (or ramp), report. The last line written to <c>output</c> is the JSON summary.</summary>
public static class LoadTestCommand
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await errors.WriteLineAsync(e.Message);
            return 2;
        }

        var report = await RunAsync(options, output);
        if (options.OutDir is { } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, "report.json"), ReportWriter.FullJson(report));
            ChartRenderer.Render(report, Path.Combine(dir, "chart.png"));
            await output.WriteLineAsync($"Wrote {Path.Combine(dir, "report.json")} and {Path.Combine(dir, "chart.png")}");
        }

        await output.WriteAsync(ReportWriter.Table(report));
        await output.WriteLineAsync(ReportWriter.SummaryLine(report));
        return report.ActionsFailed == 0 && report.IntegrityErrors == 0 && report.ContinuationsModelChanged == 0 ? 0 : 1;
    }

    /// <summary>Runs the load described by <paramref name="options"/> and returns its report; progress goes to <paramref name="output"/>.</summary>
    public static async Task<LoadReport> RunAsync(LoadOptions options, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        await using var server = options.StartServer ? await InProcessServer.StartAsync(options.ServerArgs) : null;
        if (server is not null)
            options = options with { Urls = [server.Address] };
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(options.DurationS));
        // Names unique per run, so runs against one server never collide on accounts.
        var tag = Guid.NewGuid().ToString("N")[..8];
        await output.WriteLineAsync($"Loading {string.Join(", ", options.Urls)} ({(options.Ramp ? $"ramp of {options.StepPlayers} to {options.MaxPlayers} players" : $"{options.Players} players")}, parties of {options.PartySize}, {options.Actions} actions each, think {options.ThinkMs} ms, cap {options.DurationS} s)");
        if (!options.Ramp)
            return await LoadRun.RunAsync(options, options.Players, new Measuring.LoadRecorder(), tag, cap.Token);
        return await RampRun.RunAsync(options, tag, step => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  step {step.Players} players: ttft p50 {step.TtftP50Ms} ms, p99 {step.TtftP99Ms} ms, itl p99 {step.ItlP99Ms} ms, {step.TokensPerS} tokens/s, {step.ActionsCompleted}/{step.ActionsSent} completed, {step.ActionsFailed} failed, {step.IntegrityErrors} integrity errors")), cap.Token);
    }
}
