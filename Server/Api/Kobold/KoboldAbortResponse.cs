using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>Whether a running generation of the caller's was found and stopped.</summary>
public sealed record KoboldAbortResponse([property: JsonPropertyName("success")] bool Success);
