using System.Globalization;

namespace AdventureServer.LoadTest.Measuring;

/// <summary>
/// A scrape of the server's <c>/metrics</c> (Prometheus text): each series' value summed over its labels, and
/// the few figures the report shows from the inference worker's meter.
/// </summary>
public sealed class MetricsSnapshot
{
    readonly Dictionary<string, double> _series;

    MetricsSnapshot(Dictionary<string, double> series) => _series = series;

    /// <summary>A snapshot with no series (the server could not be scraped).</summary>
    public static MetricsSnapshot Empty { get; } = new([]);

    public int SeriesCount => _series.Count;

    /// <summary>Sum of the worker's time-to-first-token histogram, in milliseconds.</summary>
    public double TtftSumMs => Find("adventure_inference_time_to_first_token", "_sum");

    public double TtftCount => Find("adventure_inference_time_to_first_token", "_count");

    public double TokensGenerated => Find("adventure_inference_tokens_generated", "_total");

    /// <summary>Parses Prometheus text exposition: comments skipped, label sets summed per metric name.</summary>
    public static MetricsSnapshot Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var brace = line.IndexOf('{', StringComparison.Ordinal);
            var nameEnd = brace >= 0 ? brace : line.IndexOf(' ', StringComparison.Ordinal);
            var valueStart = brace >= 0 ? line.IndexOf('}', brace) + 1 : nameEnd;
            if (nameEnd <= 0 || valueStart <= 0)
                continue;
            // After the labels: the value, then an optional timestamp.
            var parts = line[valueStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var name = line[..nameEnd];
            series[name] = series.GetValueOrDefault(name) + value;
        }

        return new MetricsSnapshot(series);
    }

    /// <summary>The series of several servers' scrapes added together (the nodes of a cluster).</summary>
    public static MetricsSnapshot Sum(IEnumerable<MetricsSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var snapshot in snapshots)
        {
            foreach (var (name, value) in snapshot._series)
                series[name] = series.GetValueOrDefault(name) + value;
        }

        return new MetricsSnapshot(series);
    }

    /// <summary>Scrapes <c>/metrics</c> of every one of <paramref name="servers"/> and adds them up (<see cref="Sum"/>).</summary>
    public static async Task<MetricsSnapshot> ScrapeAllAsync(IReadOnlyList<Uri> servers, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var scrapes = await Task.WhenAll(servers.Select(async server =>
        {
            using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
            return await ScrapeAsync(http, cancel);
        }));
        return Sum(scrapes);
    }

    /// <summary>Scrapes <c>/metrics</c>; <see cref="Empty"/> when the server does not answer.</summary>
    public static async Task<MetricsSnapshot> ScrapeAsync(HttpClient http, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return Parse(await http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancel));
        }
        catch (HttpRequestException)
        {
            return Empty;
        }
    }

    /// <summary>The series that starts with <paramref name="prefix"/> and ends with <paramref name="suffix"/> (the exporter adds units to names).</summary>
    double Find(string prefix, string suffix) =>
        _series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal) && s.Key.EndsWith(suffix, StringComparison.Ordinal) && !s.Key.EndsWith("_bucket", StringComparison.Ordinal))
            .Sum(s => s.Value);
}
