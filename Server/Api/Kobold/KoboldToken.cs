using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>One event of <c>/api/extra/generate/stream</c>; the last one has an empty token, the finish reason, and any adjustments.</summary>
public sealed record KoboldToken(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FinishReason = null,
    [property: JsonPropertyName("adjustments"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Adjustments = null);
