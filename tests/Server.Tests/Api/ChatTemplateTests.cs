using System.Text.Json;
using AdventureServer.Server.Api;
using AdventureServer.Server.Api.OpenAi;

namespace AdventureServer.Server.Tests.Api;

public class ChatTemplateTests
{
    static ChatMessage Message(string role, string content, string? name = null) =>
        new() { Role = role, Content = JsonSerializer.SerializeToElement(content), Name = name };

    [Test]
    public void A_chat_is_written_as_role_prefixed_lines_ending_in_the_assistants_prefix_with_the_other_roles_as_stops()
    {
        var (prompt, stops) = ChatTemplate.Apply(
            [Message("system", "Narrate."), Message("user", " I open the door. "), Message("assistant", "It creaks."), Message("user", "I go in.")],
            new ChatTemplateOptions());

        Assert.That(prompt, Is.EqualTo("System: Narrate.\nUser: I open the door.\nAssistant: It creaks.\nUser: I go in.\nAssistant:"));
        Assert.That(stops, Is.EqualTo(new[] { "\nUser:", "\nSystem:" }));
    }

    [Test]
    public void The_prefixes_come_from_the_settings_and_a_speakers_name_replaces_the_role_and_stops_too()
    {
        var template = new ChatTemplateOptions { UserPrefix = "Player:", AssistantPrefix = "Narrator:", SystemPrefix = "Note:", Preamble = "A story.\n" };

        var (prompt, stops) = ChatTemplate.Apply([Message("user", "Hello", name: "Ana"), Message("user", "Hi")], template);

        Assert.That(prompt, Is.EqualTo("A story.\nAna: Hello\nPlayer: Hi\nNarrator:"));
        Assert.That(stops, Is.EqualTo(new[] { "\nPlayer:", "\nNote:", "\nAna:" }));
    }

    [Test]
    public void Text_parts_are_joined_and_an_unknown_role_or_an_image_is_400_naming_messages()
    {
        var parts = new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement(new object[] { new { type = "text", text = "Look " }, new { type = "text", text = "around." } }) };
        var image = new ChatMessage { Role = "user", Content = JsonSerializer.SerializeToElement(new object[] { new { type = "image_url", image_url = new { url = "x" } } }) };

        Assert.That(ChatTemplate.Apply([parts], new ChatTemplateOptions()).Prompt, Is.EqualTo("User: Look around.\nAssistant:"));
        Assert.That(Assert.Throws<ApiProblem>(() => ChatTemplate.Apply([Message("tool", "x")], new ChatTemplateOptions()))!.Param, Is.EqualTo("messages"));
        Assert.That(Assert.Throws<ApiProblem>(() => ChatTemplate.Apply([image], new ChatTemplateOptions()))!.Message, Does.Contain("text only"));
        Assert.That(Assert.Throws<ApiProblem>(() => ChatTemplate.Apply([], new ChatTemplateOptions()))!.Param, Is.EqualTo("messages"));
    }
}
