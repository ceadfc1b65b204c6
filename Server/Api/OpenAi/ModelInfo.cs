using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>One entry of <c>GET /v1/models</c>.</summary>
public sealed record ModelInfo(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created)
{
    [JsonPropertyName("object")] public string Object => "model";

    [JsonPropertyName("owned_by")] public string OwnedBy => "adventure-server";
}
