using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>One generated text of <c>/api/v1/generate</c>.</summary>
public sealed record KoboldResult(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("finish_reason")] string FinishReason);
