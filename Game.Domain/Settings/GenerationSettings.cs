using AdventureServer.Game.Rules;

namespace AdventureServer.Game.Settings;

/// <summary>How the model writes an adventure's continuations. Always stored clamped (<see cref="ClampTo"/>).</summary>
public sealed record GenerationSettings
{
    /// <summary>The settings of a new adventure.</summary>
    public static GenerationSettings Default { get; } = new();

    /// <summary>Sampling temperature; 0 means greedy.</summary>
    public double Temperature { get; init; } = 0.8;

    /// <summary>Keep only the k most likely tokens; 0 means off.</summary>
    public int TopK { get; init; } = 40;

    /// <summary>Nucleus sampling mass, in (0, 1].</summary>
    public double TopP { get; init; } = 0.9;

    /// <summary>Penalty on tokens already in the context; 1 means off.</summary>
    public double RepetitionPenalty { get; init; } = 1.1;

    /// <summary>Most tokens one continuation may have.</summary>
    public int MaxNewTokens { get; init; } = 80;

    /// <summary>Same seed and same story give the same text; null means random.</summary>
    public long? Seed { get; init; }

    /// <summary>Generation stops at (and leaves out) the first of these.</summary>
    public IReadOnlyList<string> StopSequences { get; init; } = [];

    /// <summary>
    /// These settings with every number moved into the server's range. Values that have no sensible
    /// nearest value (NaN, an empty stop sequence, too many or too long stop sequences) are refused
    /// with <see cref="RuleReason.InvalidSettings"/>.
    /// </summary>
    public GenerationSettings ClampTo(GameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (double.IsNaN(Temperature) || double.IsNaN(TopP) || double.IsNaN(RepetitionPenalty))
        {
            throw new GameRuleException(RuleReason.InvalidSettings, "Temperature, top-p and repetition penalty must be numbers.");
        }

        var stops = StopSequences ?? [];
        if (stops.Count > limits.MaxStopSequences)
        {
            throw new GameRuleException(RuleReason.InvalidSettings, $"At most {limits.MaxStopSequences} stop sequences are allowed.");
        }

        if (stops.Any(s => string.IsNullOrEmpty(s) || s.Length > limits.MaxStopSequenceLength))
        {
            throw new GameRuleException(RuleReason.InvalidSettings, $"Stop sequences must have 1 to {limits.MaxStopSequenceLength} characters.");
        }

        return this with
        {
            Temperature = Math.Clamp(Temperature, 0, limits.MaxTemperature),
            TopK = Math.Clamp(TopK, 0, limits.MaxTopK),
            // Top-p of 0 would keep no token at all; the smallest useful mass keeps the top one.
            TopP = Math.Clamp(TopP, 1e-6, 1),
            RepetitionPenalty = Math.Clamp(RepetitionPenalty, 1, limits.MaxRepetitionPenalty),
            MaxNewTokens = Math.Clamp(MaxNewTokens, limits.MinNewTokens, limits.MaxNewTokens),
            StopSequences = stops.ToArray(),
        };
    }

    /// <inheritdoc />
    public bool Equals(GenerationSettings? other) =>
        other is not null
        && Temperature.Equals(other.Temperature)
        && TopK == other.TopK
        && TopP.Equals(other.TopP)
        && RepetitionPenalty.Equals(other.RepetitionPenalty)
        && MaxNewTokens == other.MaxNewTokens
        && Seed == other.Seed
        && StopSequences.SequenceEqual(other.StopSequences);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Temperature, TopK, TopP, RepetitionPenalty, MaxNewTokens, Seed, StopSequences.Count);
}
