namespace AdventureServer.Server.Cli;

/// <summary>What one phase of the benchmark measured.</summary>
internal sealed record BenchFigures(int Tokens, double WallSeconds, IReadOnlyList<double> TtftMs, IReadOnlyList<double> ItlMs, int CudaGraphs = 0, double WarmUpMs = 0)
{
    public double TokensPerSecond => Tokens / WallSeconds;

    public double TtftP50 => Percentile(TtftMs, 0.50);

    public double TtftP99 => Percentile(TtftMs, 0.99);

    public double ItlP50 => Percentile(ItlMs, 0.50);

    public double ItlP99 => Percentile(ItlMs, 0.99);

    /// <summary>Nearest-rank percentile (the value at or below which the fraction <paramref name="p"/> lies); 0 when empty.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
            return 0;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
