using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.Kobold;

/// <summary>KoboldAI's <c>{"result": …}</c> answer (model name, version); KoboldCpp adds <c>version</c> on its own endpoint.</summary>
public sealed record KoboldTextResult(
    [property: JsonPropertyName("result")] string Result,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version = null);
