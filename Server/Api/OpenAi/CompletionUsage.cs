using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>Tokens a completion used, counted by the model's tokenizer.</summary>
public sealed record CompletionUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens)
{
    [JsonPropertyName("total_tokens")] public int TotalTokens => PromptTokens + CompletionTokens;
}
