using System.Text.Json.Serialization;

namespace AdventureServer.Server.Cli;

/// <summary>One line of an OpenAI batch output file: the request's answer (a completion, or an error body with its status).</summary>
public sealed record BatchOutputLine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("custom_id")] string CustomId,
    [property: JsonPropertyName("response")] BatchResponse Response)
{
    /// <summary>Set by OpenAI only when the batch itself failed the line (expired); a request's own 400 is in the response.</summary>
    [JsonPropertyName("error")] public object? Error => null;
}
