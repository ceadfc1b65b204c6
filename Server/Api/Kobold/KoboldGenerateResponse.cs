using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>The body of <c>/api/v1/generate</c>'s answer: <c>{"results":[{"text":…}]}</c>.</summary>
public sealed record KoboldGenerateResponse([property: JsonPropertyName("results")] IReadOnlyList<KoboldResult> Results);
