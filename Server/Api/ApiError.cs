using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api;

/// <summary>OpenAI's error body: <c>{"error":{"message","type","param","code"}}</c>, used by both dialects.</summary>
public sealed record ApiError([property: JsonPropertyName("error")] ApiErrorDetail Error);
