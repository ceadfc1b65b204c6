using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Cli;

/// <summary>One line of an OpenAI batch input file: <c>{"custom_id", "method": "POST", "url", "body"}</c>.</summary>
public sealed class BatchInputLine
{
    [JsonPropertyName("custom_id")] public string? CustomId { get; set; }

    [JsonPropertyName("method")] public string? Method { get; set; }

    /// <summary><c>/v1/completions</c> or <c>/v1/chat/completions</c>.</summary>
    [JsonPropertyName("url")] public string? Url { get; set; }

    [JsonPropertyName("body")] public JsonElement? Body { get; set; }
}
