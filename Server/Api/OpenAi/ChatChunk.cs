using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>One event of a streamed chat completion (<c>object</c>: <c>chat.completion.chunk</c>).</summary>
public sealed record ChatChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChunkChoice> Choices,
    [property: JsonPropertyName("usage")] CompletionUsage? Usage)
{
    [JsonPropertyName("object")] public string Object => "chat.completion.chunk";
}
