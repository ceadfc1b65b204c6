using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>One message of a chat: a role and its content (a string, or an array of text parts).</summary>
public sealed class ChatMessage
{
    /// <summary><c>system</c>, <c>developer</c> (written as system), <c>user</c> or <c>assistant</c>.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }

    [JsonPropertyName("content")] public JsonElement? Content { get; set; }

    /// <summary>The speaker's name; written in place of the role's prefix when given.</summary>
    [JsonPropertyName("name")] public string? Name { get; set; }
}
