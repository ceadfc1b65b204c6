using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>KoboldCpp's answer to <c>/api/extra/tokencount</c>: the count and the token ids.</summary>
public sealed record KoboldTokenCount(
    [property: JsonPropertyName("value")] int Value,
    [property: JsonPropertyName("ids")] IReadOnlyList<int> Ids);
