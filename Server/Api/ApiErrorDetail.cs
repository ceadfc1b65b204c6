using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api;

/// <summary>What went wrong, in words a person can act on, and which parameter it was about.</summary>
/// <param name="Message">What happened and what to do.</param>
/// <param name="Type">OpenAI's category: <c>invalid_request_error</c>, <c>authentication_error</c>, <c>rate_limit_error</c>, <c>server_busy</c>.</param>
/// <param name="Param">The request parameter at fault, or null.</param>
/// <param name="Code">A machine-readable code, or null.</param>
public sealed record ApiErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);
