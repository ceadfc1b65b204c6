using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>A completion, or one chunk of a streamed one (<c>object</c> is <c>text_completion</c> in both, as OpenAI sends it).</summary>
/// <param name="Id">The same for every chunk of one completion.</param>
/// <param name="Created">Unix seconds.</param>
/// <param name="Model">The served model.</param>
/// <param name="Choices">One choice; none in the usage chunk of a stream.</param>
/// <param name="Usage">Token counts; null in stream chunks other than the usage chunk.</param>
public sealed record Completion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CompletionChoice> Choices,
    [property: JsonPropertyName("usage")] CompletionUsage? Usage)
{
    [JsonPropertyName("object")] public string Object => "text_completion";
}
