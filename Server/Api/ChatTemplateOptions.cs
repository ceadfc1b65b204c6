namespace AdventureServer.Server.Api;

/// <summary>
/// GPT-2 has no chat template, so a conversation is written as role-prefixed lines (<c>Api:Chat</c> in appsettings.json):
/// each message is <c>{prefix} {content}</c> on its own line, and the prompt ends with the assistant's prefix. The
/// other roles' prefixes at the start of a line are stop sequences, so the model answers once and stops where it
/// would begin the next speaker's line.
/// </summary>
public sealed class ChatTemplateOptions
{
    public string SystemPrefix { get; set; } = "System:";

    public string UserPrefix { get; set; } = "User:";

    public string AssistantPrefix { get; set; } = "Assistant:";

    /// <summary>Text written before the first message (e.g. a fixed instruction); empty by default.</summary>
    public string Preamble { get; set; } = "";
}
