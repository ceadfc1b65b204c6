using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>A chat answer's <c>logprobs</c>: one entry per generated token.</summary>
public sealed record ChatLogprobs([property: JsonPropertyName("content")] IReadOnlyList<ChatTokenLogprob> Content)
{
    [JsonPropertyName("refusal")] public object? Refusal => null;
}
