namespace AdventureServer.Inference.Sampling;

/// <summary>
/// What a batch needs beyond each row's most likely token, so the eager path can skip work no row asks for.
/// <see cref="All"/> is the one fixed path a CUDA graph captures.
/// </summary>
[Flags]
public enum SamplingFeatures
{
    /// <summary>Every row is greedy, bans nothing and has no repetition penalty: the argmax of the logits.</summary>
    None = 0,

    /// <summary>Some row bans tokens or penalises repetition.</summary>
    Penalties = 1,

    /// <summary>Some row draws at random (temperature above 0).</summary>
    Sampling = 2,

    /// <summary>
    /// Some drawing row keeps only its k most likely tokens (and its top-p nucleus among them): without
    /// <see cref="Nucleus"/>, the eager path takes the top k of the widest such row instead of sorting.
    /// </summary>
    TopK = 4,

    /// <summary>Some drawing row keeps a top-p nucleus of the whole vocabulary (no top-k): every row is sorted.</summary>
    Nucleus = 8,

    /// <summary>Everything, whatever the rows need, on static shapes only: the path to capture.</summary>
    All = Penalties | Sampling | TopK | Nucleus,
}
