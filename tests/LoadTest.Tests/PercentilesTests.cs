using AdventureServer.LoadTest.Measuring;

namespace AdventureServer.LoadTest.Tests;

public class PercentilesTests
{
    static readonly double[] Hundred = [.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()];

    [Test]
    public void Nearest_rank_returns_a_measured_sample_at_each_percentile()
    {
        Assert.That(Percentiles.Of(Hundred, 50), Is.EqualTo(50));
        Assert.That(Percentiles.Of(Hundred, 95), Is.EqualTo(95));
        Assert.That(Percentiles.Of(Hundred, 99), Is.EqualTo(99));
        Assert.That(Percentiles.Of(Hundred, 100), Is.EqualTo(100));
        Assert.That(Percentiles.Of(Hundred, 0), Is.EqualTo(1));
    }

    [Test]
    public void A_small_sample_takes_its_maximum_for_p99_and_the_middle_for_p50()
    {
        Assert.That(Percentiles.Of([300, 100, 200], 99), Is.EqualTo(300));
        Assert.That(Percentiles.Of([300, 100, 200], 50), Is.EqualTo(200));
        Assert.That(Percentiles.Of([10, 20, 30, 40], 50), Is.EqualTo(20));
    }

    [Test]
    public void No_samples_give_no_percentile_rather_than_zero()
    {
        Assert.That(Percentiles.Of([], 99), Is.Null);
    }
}
