namespace AdventureServer.Server.Persistence.Export;

/// <summary>An exported adventure's generation settings (clamped to the importing server's limits on import).</summary>
public sealed record AdventureFileSettings
{
    public double Temperature { get; init; } = 0.8;

    public int TopK { get; init; } = 40;

    public double TopP { get; init; } = 0.9;

    public double RepetitionPenalty { get; init; } = 1.1;

    public int MaxNewTokens { get; init; } = 80;

    public long? Seed { get; init; }

    public IReadOnlyList<string> StopSequences { get; init; } = [];
}
