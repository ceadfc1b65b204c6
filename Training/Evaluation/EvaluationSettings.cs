namespace AdventureServer.Training.Evaluation;

/// <summary>How <see cref="ModelEvaluator"/> measures; the defaults are the figures the README gives.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Seeded openings to continue.</summary>
    public int Openings { get; init; } = 100;

    /// <summary>The corpus seed the openings are drawn from (neither default model's training seed).</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Tokens each turn may write.</summary>
    public int MaxNewTokens { get; init; } = 80;

    /// <summary>Sampling temperature; the game's default.</summary>
    public float Temperature { get; init; } = 0.8f;

    /// <summary>Nucleus; the game's default.</summary>
    public float TopP { get; init; } = 0.9f;

    /// <summary>Validation batches (fixed windows), of <see cref="BatchSize"/> × <see cref="BlockSize"/> tokens.</summary>
    public int EvalBatches { get; init; } = 20;

    /// <summary>Sequences per validation batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Tokens per validation sequence.</summary>
    public int BlockSize { get; init; } = 128;

    /// <summary>How many turns to print with their prompt.</summary>
    public int Show { get; init; }
}
