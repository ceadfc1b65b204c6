using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>The text a running generation has written so far.</summary>
public sealed record KoboldCheckText([property: JsonPropertyName("text")] string Text);
