using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>One event of <c>/api/extra/generate/stream</c>; the last one has an empty token and the finish reason.</summary>
public sealed record KoboldToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FinishReason = null);
