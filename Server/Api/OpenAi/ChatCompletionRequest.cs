using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// The body of <c>POST /v1/chat/completions</c>, as OpenAI defines it, plus the same extensions as completions
/// (<c>top_k</c>, <c>repetition_penalty</c>, <c>truncate_prompt_tokens</c>). Tools and response formats other than
/// text are refused with 400 naming them, never ignored.
/// </summary>
public sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }

    [JsonPropertyName("messages")] public IReadOnlyList<ChatMessage?>? Messages { get; set; }

    /// <summary>New tokens (the older name); <c>max_completion_tokens</c> wins when both are sent.</summary>
    [JsonPropertyName("max_tokens")] public int? MaxTokens { get; set; }

    [JsonPropertyName("max_completion_tokens")] public int? MaxCompletionTokens { get; set; }

    [JsonPropertyName("temperature")] public float? Temperature { get; set; }

    [JsonPropertyName("top_p")] public float? TopP { get; set; }

    [JsonPropertyName("top_k")] public int? TopK { get; set; }

    [JsonPropertyName("repetition_penalty")] public float? RepetitionPenalty { get; set; }

    [JsonPropertyName("presence_penalty")] public float? PresencePenalty { get; set; }

    [JsonPropertyName("frequency_penalty")] public float? FrequencyPenalty { get; set; }

    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }

    [JsonPropertyName("logit_bias")] public Dictionary<string, float>? LogitBias { get; set; }

    [JsonPropertyName("seed")] public long? Seed { get; set; }

    [JsonPropertyName("n")] public int? N { get; set; }

    [JsonPropertyName("stream")] public bool? Stream { get; set; }

    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }

    [JsonPropertyName("logprobs")] public bool? Logprobs { get; set; }

    [JsonPropertyName("top_logprobs")] public int? TopLogprobs { get; set; }

    [JsonPropertyName("tools")] public JsonElement? Tools { get; set; }

    [JsonPropertyName("functions")] public JsonElement? Functions { get; set; }

    [JsonPropertyName("response_format")] public JsonElement? ResponseFormat { get; set; }

    [JsonPropertyName("truncate_prompt_tokens")] public int? TruncatePromptTokens { get; set; }

    [JsonPropertyName("user")] public string? User { get; set; }
}
