using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>The body of <c>POST /api/extra/tokencount</c>.</summary>
public sealed class KoboldPromptRequest
{
    [JsonPropertyName("prompt")] public string? Prompt { get; set; }
}
