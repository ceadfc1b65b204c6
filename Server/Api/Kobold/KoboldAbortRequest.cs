using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>The body of <c>POST /api/extra/abort</c>.</summary>
public sealed class KoboldAbortRequest
{
    [JsonPropertyName("genkey")] public string? GenKey { get; set; }
}
