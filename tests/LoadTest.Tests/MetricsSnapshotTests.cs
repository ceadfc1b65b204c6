using AdventureServer.LoadTest.Measuring;

namespace AdventureServer.LoadTest.Tests;

public class MetricsSnapshotTests
{
    const string Scrape = """
        # TYPE adventure_inference_time_to_first_token_milliseconds histogram
        adventure_inference_time_to_first_token_milliseconds_bucket{otel_scope_name="AdventureServer.Inference",le="100"} 3 1700000000000
        adventure_inference_time_to_first_token_milliseconds_bucket{otel_scope_name="AdventureServer.Inference",le="+Inf"} 4 1700000000000
        adventure_inference_time_to_first_token_milliseconds_sum{otel_scope_name="AdventureServer.Inference"} 612.5 1700000000000
        adventure_inference_time_to_first_token_milliseconds_count{otel_scope_name="AdventureServer.Inference"} 4 1700000000000
        # TYPE adventure_inference_tokens_generated_total counter
        adventure_inference_tokens_generated_total{device="cpu"} 100
        adventure_inference_tokens_generated_total{device="cuda"} 46
        kestrel_active_connections 2
        """;

    [Test]
    public void The_worker_figures_are_read_and_label_sets_are_summed()
    {
        var metrics = MetricsSnapshot.Parse(Scrape);

        Assert.That(metrics.TtftSumMs, Is.EqualTo(612.5));
        Assert.That(metrics.TtftCount, Is.EqualTo(4));
        Assert.That(metrics.TokensGenerated, Is.EqualTo(146));
        Assert.That(metrics.SeriesCount, Is.EqualTo(5));
    }

    [Test]
    public void Text_without_the_worker_meter_gives_zeros()
    {
        var metrics = MetricsSnapshot.Parse("# nothing\nkestrel_active_connections 2\n");

        Assert.That(metrics.TokensGenerated, Is.Zero);
        Assert.That(metrics.TtftCount, Is.Zero);
    }
}
