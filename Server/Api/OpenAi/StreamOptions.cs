using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>OpenAI's <c>stream_options</c>.</summary>
public sealed class StreamOptions
{
    /// <summary>Send a last chunk, before <c>[DONE]</c>, with <c>usage</c> and no choices.</summary>
    [JsonPropertyName("include_usage")] public bool IncludeUsage { get; set; }
}
