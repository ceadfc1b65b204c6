namespace AdventureServer.Inference.Sampling;

/// <summary>How the next token is chosen. Temperature 0 is greedy.</summary>
public sealed record SamplingSettings
{
    /// <summary>0 chooses the most likely token (greedy); higher is more random.</summary>
    public float Temperature { get; init; } = 1.0f;

    /// <summary>Keep only the k most likely tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Keep the smallest set of tokens whose probability reaches p; 1 keeps all.</summary>
    public float TopP { get; init; } = 1.0f;

    /// <summary>Divides positive and multiplies negative logits of tokens already in the context; 1 is off.</summary>
    public float RepetitionPenalty { get; init; } = 1.0f;

    /// <summary>Makes a generation reproducible; null draws a seed.</summary>
    public long? Seed { get; init; }

    /// <summary>Token ids that are never chosen.</summary>
    public IReadOnlyList<int> BannedTokenIds { get; init; } = [];

    /// <summary>Greedy decoding: always the most likely token.</summary>
    public static SamplingSettings Greedy { get; } = new() { Temperature = 0 };

    /// <summary>Refuses settings outside their ranges; every sampler checks through here, so they all say the same.</summary>
    public void ThrowIfOutOfRange()
    {
        if (Temperature < 0 || float.IsNaN(Temperature))
            throw new ArgumentOutOfRangeException("settings", Temperature, "Temperature must be 0 (greedy) or more.");
        if (!(TopP > 0 && TopP <= 1)) // also refuses NaN
            throw new ArgumentOutOfRangeException("settings", TopP, "TopP must be in (0, 1].");
        if (TopK < 0)
            throw new ArgumentOutOfRangeException("settings", TopK, "TopK must be 0 (off) or more.");
        if (!(RepetitionPenalty > 0) || float.IsPositiveInfinity(RepetitionPenalty))
            throw new ArgumentOutOfRangeException("settings", RepetitionPenalty, "RepetitionPenalty must be positive and finite (1 is off).");
    }
}
