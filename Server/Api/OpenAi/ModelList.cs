using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>The body of <c>GET /v1/models</c>.</summary>
public sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data)
{
    [JsonPropertyName("object")] public string Object => "list";
}
