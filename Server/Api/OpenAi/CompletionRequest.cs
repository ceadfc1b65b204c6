using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// The body of <c>POST /v1/completions</c>, as OpenAI defines it, plus <c>top_k</c> and <c>repetition_penalty</c>.
/// Parameters this server does not use (<c>presence_penalty</c>, <c>logit_bias</c>, …) are accepted and ignored.
/// </summary>
public sealed class CompletionRequest
{
    /// <summary>Accepted and answered with the served model's name: this server serves one model.</summary>
    [JsonPropertyName("model")] public string? Model { get; set; }

    /// <summary>A string, an array of one string, or an array of token ids.</summary>
    [JsonPropertyName("prompt")] public JsonElement? Prompt { get; set; }

    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }

    /// <summary>0 to 2; 0 is greedy. Default 1.</summary>
    [JsonPropertyName("temperature")] public float? Temperature { get; set; }

    [JsonPropertyName("top_p")] public float? TopP { get; set; }

    [JsonPropertyName("top_k")] public int? TopK { get; set; }

    [JsonPropertyName("repetition_penalty")] public float? RepetitionPenalty { get; set; }

    /// <summary>A string or an array of up to four strings.</summary>
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }

    /// <summary>Token id → bias; only -100 (never choose the token) is supported, e.g. <c>{"50256": -100}</c> bans end-of-text.</summary>
    [JsonPropertyName("logit_bias")] public Dictionary<string, float>? LogitBias { get; set; }

    [JsonPropertyName("seed")] public long? Seed { get; set; }

    /// <summary>Only 1 is served.</summary>
    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("stream")] public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }

    /// <summary>The end user, for the caller's own tracking; not used.</summary>
    [JsonPropertyName("user")] public string? User { get; set; }
}
