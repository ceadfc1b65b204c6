using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>KoboldAI's <c>{"value": …}</c> answer (the config endpoints).</summary>
public sealed record KoboldValue([property: JsonPropertyName("value")] int Value);
