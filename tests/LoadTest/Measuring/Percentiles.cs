namespace AdventureServer.LoadTest.Measuring;

/// <summary>Percentiles by the nearest-rank method: always a value that was measured, never an interpolation.</summary>
public static class Percentiles
{
    /// <summary>The smallest sample with at least <paramref name="percent"/>% of the samples at or below it; null when there are none.</summary>
    public static double? Of(IEnumerable<double> samples, double percent)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
            return null;
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
