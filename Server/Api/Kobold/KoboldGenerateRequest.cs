using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>The body of <c>POST /api/v1/generate</c> and <c>/api/extra/generate/stream</c>, as KoboldAI and KoboldCpp take it.</summary>
public sealed class KoboldGenerateRequest
{
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }

    /// <summary>New tokens; default 80 as in KoboldAI.</summary>
    [JsonPropertyName("max_length")] public int? MaxLength { get; set; }

    /// <summary>The window the client budgets for: prompt plus <c>max_length</c>. The prompt's start is cut to fit.</summary>
    [JsonPropertyName("max_context_length")] public int? MaxContextLength { get; set; }

    [JsonPropertyName("temperature")] public float? Temperature { get; set; }

    [JsonPropertyName("top_p")] public float? TopP { get; set; }

    [JsonPropertyName("top_k")] public int? TopK { get; set; }

    [JsonPropertyName("rep_pen")] public float? RepPen { get; set; }

    [JsonPropertyName("stop_sequence")] public IReadOnlyList<string?>? StopSequence { get; set; }

    /// <summary>Ban end-of-text, so the model writes until <c>max_length</c> or a stop sequence (KoboldAI's "bad words").</summary>
    [JsonPropertyName("use_default_badwordsids")] public bool? UseDefaultBadWordsIds { get; set; }

    /// <summary>KoboldCpp's seed; -1 or absent draws one.</summary>
    [JsonPropertyName("sampler_seed")] public long? SamplerSeed { get; set; }

    /// <summary>Names the generation so that <c>POST /api/extra/abort</c> can stop it.</summary>
    [JsonPropertyName("genkey")] public string? GenKey { get; set; }
}
