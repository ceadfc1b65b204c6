using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>KoboldCpp's answer to <c>/api/extra/generate/check</c>: <c>{"results":[{"text": the text so far}]}</c> (empty when none runs).</summary>
public sealed record KoboldCheckResponse([property: JsonPropertyName("results")] IReadOnlyList<KoboldCheckText> Results);
