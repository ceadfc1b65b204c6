using System.Text;
using System.Text.Json;

namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// Writes a chat as the plain text GPT-2 continues (<see cref="ChatTemplateOptions"/>): one line per message,
/// <c>User: Hello</c>, then the assistant's prefix for the model to continue. The other roles' prefixes at the
/// start of a line become stop sequences, so the answer ends where the model would begin the next speaker's line.
/// </summary>
public static class ChatTemplate
{
    /// <summary>The prompt and the stop sequences the template adds.</summary>
    /// <exception cref="ApiProblem">400 naming <c>messages</c> when a message has no known role or no text.</exception>
    public static (string Prompt, IReadOnlyList<string> Stops) Apply(IReadOnlyList<ChatMessage?>? messages, ChatTemplateOptions template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (messages is null || messages.Count == 0)
            throw ApiProblem.BadParameter("messages", "'messages' is required: an array of {\"role\", \"content\"} objects, at least one.");
        var text = new StringBuilder(template.Preamble);
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw ApiProblem.BadParameter("messages", $"'messages[{i}]' is null; each message is an object with a role and content.");
            var prefix = PrefixOf(message, i, template);
            text.Append(prefix).Append(' ').Append(ContentOf(message, i).Trim()).Append('\n');
        }
        text.Append(template.AssistantPrefix);
        var stops = new[] { template.UserPrefix, template.SystemPrefix }
            .Concat(messages.Select(m => m?.Name).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim() + ":"))
            .Where(p => p.Length > 0)
            .Select(p => "\n" + p)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return (text.ToString(), stops);
    }

    static string PrefixOf(ChatMessage message, int index, ChatTemplateOptions template)
    {
        var prefix = message.Role?.ToLowerInvariant() switch
        {
            "system" or "developer" => template.SystemPrefix,
            "user" => template.UserPrefix,
            "assistant" => template.AssistantPrefix,
            _ => throw ApiProblem.BadParameter("messages",
                $"'messages[{index}].role' is '{message.Role}'; this server takes 'system', 'developer', 'user' or 'assistant'."),
        };
        return string.IsNullOrWhiteSpace(message.Name) ? prefix : message.Name.Trim() + ":";
    }

    static string ContentOf(ChatMessage message, int index)
    {
        if (message.Content is not { } content || content.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            throw ApiProblem.BadParameter("messages", $"'messages[{index}].content' is missing; send the message's text.");
        if (content.ValueKind == JsonValueKind.String)
            return content.GetString()!;
        // Newer clients send [{"type":"text","text":"…"}]; other parts (images, audio) a text model cannot read.
        if (content.ValueKind == JsonValueKind.Array)
        {
            var parts = new StringBuilder();
            foreach (var part in content.EnumerateArray())
            {
                if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("type", out var type) || type.GetString() != "text"
                    || !part.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                    throw ApiProblem.BadParameter("messages", $"'messages[{index}].content' has a part that is not text; this model reads text only.");
                parts.Append(partText.GetString());
            }
            return parts.ToString();
        }
        throw ApiProblem.BadParameter("messages", $"'messages[{index}].content' must be a string or an array of text parts.");
    }
}
