using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Players;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Running;

/// <summary>
/// One load of a fixed number of players: parties started evenly over the ramp time, all played to the end. Player
/// number n connects to the options' URL n mod their count, so a party's members are spread over the nodes.
/// </summary>
public static class LoadRun
{
    public static async Task<LoadReport> RunAsync(LoadOptions options, int players, LoadRecorder recorder, string tag, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        var before = await MetricsSnapshot.ScrapeAllAsync(options.Urls, CancellationToken.None);
        // Each URL's players record into a recorder of its own, which feeds the run's.
        var perUrl = options.Urls.Select(_ => new LoadRecorder(recorder)).ToArray();
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

            var first = p * options.PartySize;
            return await new Party(options, recorder, i => perUrl[(first + i) % perUrl.Length]).PlayAsync($"load-{tag}-{p}", size, first, options.Seed * 7919 + p, cancel);
        });
        var integrity = await Task.WhenAll(runs);
        var after = await MetricsSnapshot.ScrapeAllAsync(options.Urls, CancellationToken.None);
        var nodes = options.Urls.Select((url, i) => ReportBuilder.Node(url, Enumerable.Range(0, players).Count(n => n % perUrl.Length == i), perUrl[i]));
        return ReportBuilder.Build(recorder, players, options.PartySize, integrity, before, after) with { Nodes = [.. nodes] };
    }
}
