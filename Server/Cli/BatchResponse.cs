using System.Text.Json.Serialization;

namespace AdventureServer.Server.Cli;

/// <summary>The HTTP answer the request would have had: status, an id, and the body (a completion or an error).</summary>
public sealed record BatchResponse(
    [property: JsonPropertyName("status_code")] int StatusCode,
    [property: JsonPropertyName("request_id")] string RequestId,
    [property: JsonPropertyName("body")] object Body);
