using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Players;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Running;

/// <summary>One load of a fixed number of players: parties started evenly over the ramp time, all played to the end.</summary>
public static class LoadRun
{
    public static async Task<LoadReport> RunAsync(Uri server, LoadOptions options, int players, LoadRecorder recorder, string tag, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        var before = await MetricsSnapshot.ScrapeAsync(http, CancellationToken.None);
        var parties = (players + options.PartySize - 1) / options.PartySize;
        var runs = Enumerable.Range(0, parties).Select(async p =>
        {
            var size = Math.Min(options.PartySize, players - p * options.PartySize);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(options.RampS * p / parties), cancel);
            }
            catch (OperationCanceledException)
            {
                return new IntegrityResult([], 0, 0);
            }

            return await new Party(server, options, recorder).PlayAsync($"load-{tag}-{p}", size, options.Seed * 7919 + p, cancel);
        });
        var integrity = await Task.WhenAll(runs);
        var after = await MetricsSnapshot.ScrapeAsync(http, CancellationToken.None);
        return ReportBuilder.Build(recorder, players, options.PartySize, integrity, before, after);
    }
}
