using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// The body of <c>POST /v1/completions</c>, as OpenAI defines it, plus <c>top_k</c>, <c>repetition_penalty</c> and
/// vLLM's <c>truncate_prompt_tokens</c>. A parameter this server cannot honour (<c>suffix</c>, <c>logprobs</c>, a
/// non-zero <c>presence_penalty</c>) is refused with 400 naming it, never ignored.
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

    /// <summary>A string or an array of up to 32 strings (OpenAI allows four).</summary>
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }

    /// <summary>Token id → bias; only -100 (never choose the token) is supported, e.g. <c>{"50256": -100}</c> bans end-of-text.</summary>
    [JsonPropertyName("logit_bias")] public Dictionary<string, float>? LogitBias { get; set; }

    /// <summary>Makes the draw reproducible; a negative seed (SillyTavern's -1) draws a new one.</summary>
    [JsonPropertyName("seed")] public long? Seed { get; set; }

    /// <summary>Answer the prompt followed by its completion.</summary>
    [JsonPropertyName("echo")] public bool? Echo { get; set; }

    /// <summary>0 to 20: each token's log-probability with this many of the likeliest tokens at its place.</summary>
    [JsonPropertyName("logprobs")] public int? Logprobs { get; set; }

    /// <summary>Refused: GPT-2 cannot insert text before a suffix.</summary>
    [JsonPropertyName("suffix")] public string? Suffix { get; set; }

    /// <summary>Only 1 is served.</summary>
    [JsonPropertyName("best_of")] public int? BestOf { get; set; }

    /// <summary>Refused unless 0: not applied (use <c>repetition_penalty</c>).</summary>
    [JsonPropertyName("presence_penalty")] public float? PresencePenalty { get; set; }

    /// <summary>Refused unless 0: not applied (use <c>repetition_penalty</c>).</summary>
    [JsonPropertyName("frequency_penalty")] public float? FrequencyPenalty { get; set; }

    /// <summary>vLLM's extension: keep only the prompt's last N tokens; -1 keeps what fits beside <c>max_tokens</c>.</summary>
    [JsonPropertyName("truncate_prompt_tokens")] public int? TruncatePromptTokens { get; set; }

    /// <summary>Only 1 is served.</summary>
    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("stream")] public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }

    /// <summary>The end user, for the caller's own tracking; not used.</summary>
    [JsonPropertyName("user")] public string? User { get; set; }
}
