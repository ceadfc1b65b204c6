namespace AdventureServer.Inference;

/// <summary>Settings of the inference subsystem, bound from the <c>Inference</c> section of appsettings.json.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary><c>auto</c> (CUDA when present, else CPU), <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; set; } = "auto";

    /// <summary>
    /// <c>auto</c>, <c>float32</c>, <c>float16</c> or <c>bfloat16</c>. Auto: float16 on CUDA, float32 on the CPU.
    /// </summary>
    public string DType { get; set; } = "auto";

    /// <summary>A Hugging Face model folder, <c>hf:NAME</c>, or empty for the bundled default model.</summary>
    public string Model { get; set; } = "";

    /// <summary>Instead of <see cref="Model"/>: a random-weight model of a real GPT-2 shape (gpt2 … gpt2-xl), for speed work.</summary>
    public string? RandomWeights { get; set; }

    /// <summary>Sequences decoded together at most (the KV-cache pool's slot count).</summary>
    public int MaxConcurrentSequences { get; set; } = 16;

    /// <summary>Positions each cache slot holds; at most the model's window (0 = the model's window).</summary>
    public int MaxContext { get; set; }

    /// <summary>Requests that may wait for a slot; one more is refused at once as busy.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Prompt tokens prefilled per step for one sequence, so a long story does not stall everyone's next token.</summary>
    public int PrefillChunkTokens { get; set; } = 128;

    /// <summary>The most new tokens one request may ask for.</summary>
    public int MaxNewTokensLimit { get; set; } = 512;

    /// <summary>A copy that serves <paramref name="model"/> (a folder, <c>hf:NAME</c>, or empty for the default) instead.</summary>
    public InferenceOptions With(string model)
    {
        var copy = (InferenceOptions)MemberwiseClone();
        copy.Model = model;
        copy.RandomWeights = null;
        return copy;
    }
}
