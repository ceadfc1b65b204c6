using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Inference.Model;

/// <summary>The shape of a GPT-2 model, as Hugging Face's <c>config.json</c> names it.</summary>
public sealed record Gpt2Config
{
    [JsonPropertyName("n_layer")] public int NLayer { get; init; } = 12;
    [JsonPropertyName("n_head")] public int NHead { get; init; } = 12;
    [JsonPropertyName("n_embd")] public int NEmbd { get; init; } = 768;
    [JsonPropertyName("n_positions")] public int NPositions { get; init; } = 1024;
    [JsonPropertyName("vocab_size")] public int VocabSize { get; init; } = 50257;
    [JsonPropertyName("layer_norm_epsilon")] public double LayerNormEpsilon { get; init; } = 1e-5;
    [JsonPropertyName("activation_function")] public string ActivationFunction { get; init; } = "gelu_new";
    [JsonPropertyName("n_inner")] public int? NInner { get; init; }
    [JsonPropertyName("eos_token_id")] public int EosTokenId { get; init; } = 50256;

    /// <summary>Width of the MLP's hidden layer (4 × n_embd unless <c>n_inner</c> says otherwise).</summary>
    [JsonIgnore] public int InnerSize => NInner ?? 4 * NEmbd;

    /// <summary>Width of one attention head.</summary>
    [JsonIgnore] public int HeadSize => NEmbd / NHead;

    /// <summary>The shapes of the published GPT-2 checkpoints, for random-weight models of a real size.</summary>
    public static Gpt2Config Named(string name) => name switch
    {
        "gpt2" => new Gpt2Config(),
        "gpt2-medium" => new Gpt2Config { NLayer = 24, NHead = 16, NEmbd = 1024 },
        "gpt2-large" => new Gpt2Config { NLayer = 36, NHead = 20, NEmbd = 1280 },
        "gpt2-xl" => new Gpt2Config { NLayer = 48, NHead = 25, NEmbd = 1600 },
        _ => throw new ArgumentException($"Unknown GPT-2 size '{name}'; expected gpt2, gpt2-medium, gpt2-large or gpt2-xl.", nameof(name)),
    };

    /// <summary>Reads a Hugging Face <c>config.json</c>; says which file and what is wrong when it cannot.</summary>
    public static Gpt2Config Load(string path)
    {
        Gpt2Config? config;
        try
        {
            using var stream = File.OpenRead(path);
            config = JsonSerializer.Deserialize<Gpt2Config>(stream);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"is not valid JSON: {e.Message}", e);
        }
        if (config is null)
            throw new CheckpointException(path, "is empty.");
        config.Validate(path);
        return config;
    }

    void Validate(string path)
    {
        if (NLayer <= 0 || NHead <= 0 || NEmbd <= 0 || NPositions <= 0 || VocabSize <= 0)
            throw new CheckpointException(path, "has a non-positive n_layer, n_head, n_embd, n_positions or vocab_size.");
        if (NEmbd % NHead != 0)
            throw new CheckpointException(path, $"has n_embd {NEmbd} not divisible by n_head {NHead}.");
        if (ActivationFunction is not ("gelu_new" or "gelu_pytorch_tanh"))
            throw new CheckpointException(path, $"asks for activation '{ActivationFunction}'; only gelu_new (tanh GELU) is supported.");
    }

    /// <summary>Writes the config in Hugging Face's layout, so <c>transformers</c> can load what we save.</summary>
    public string ToHuggingFaceJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["architectures"] = new[] { "GPT2LMHeadModel" },
        ["model_type"] = "gpt2",
        ["n_layer"] = NLayer,
        ["n_head"] = NHead,
        ["n_embd"] = NEmbd,
        ["n_positions"] = NPositions,
        ["n_ctx"] = NPositions,
        ["n_inner"] = NInner,
        ["vocab_size"] = VocabSize,
        ["layer_norm_epsilon"] = LayerNormEpsilon,
        ["activation_function"] = ActivationFunction,
        ["bos_token_id"] = EosTokenId,
        ["eos_token_id"] = EosTokenId,
        ["tie_word_embeddings"] = true,
    }, new JsonSerializerOptions { WriteIndented = true });
}
