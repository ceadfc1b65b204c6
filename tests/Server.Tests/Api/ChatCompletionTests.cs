using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Inference.Text;
using AdventureServer.Server.Api;
using AdventureServer.Server.Api.OpenAi;

namespace AdventureServer.Server.Tests.Api;

/// <summary><c>/v1/chat/completions</c> on the wire, as LibreChat, Open WebUI and SillyTavern's Chat Completion mode send it.</summary>
public class ChatCompletionTests
{
    static readonly object[] Messages =
    [
        new { role = "system", content = "You are the narrator of a text adventure." },
        new { role = "user", content = "I open the heavy oak door." },
    ];

    TestServer _server = null!;
    string _key = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_server, _key) = await ApiTestServer.StartAsync("--Api:Chat:UserPrefix=Player:");

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task A_chat_answers_what_the_completion_of_its_templated_prompt_answers_and_counts_usage_alike()
    {
        var template = new ChatTemplateOptions { UserPrefix = "Player:" };
        var (prompt, stops) = ChatTemplate.Apply(
            Messages.Select(m => JsonSerializer.Deserialize<ChatMessage>(JsonSerializer.Serialize(m))).ToList(), template);

        using var chat = await _server.Http.SendAsync(ApiTestServer.Post("/v1/chat/completions",
            new { model = "gpt-4o", messages = Messages, max_tokens = 16, temperature = 0.9, seed = 11 }, _key));
        using var completion = await _server.Http.SendAsync(ApiTestServer.Post("/v1/completions",
            new { prompt, stop = stops, max_tokens = 16, temperature = 0.9, seed = 11 }, _key));
        var answer = await chat.Content.ReadFromJsonAsync<JsonElement>();
        var expected = await completion.Content.ReadFromJsonAsync<JsonElement>();
        var choice = answer.GetProperty("choices")[0];

        Assert.That(chat.StatusCode, Is.EqualTo(HttpStatusCode.OK), answer.ToString());
        Assert.That(answer.GetProperty("object").GetString(), Is.EqualTo("chat.completion"));
        Assert.That(choice.GetProperty("message").GetProperty("role").GetString(), Is.EqualTo("assistant"));
        Assert.That(choice.GetProperty("message").GetProperty("content").GetString(),
            Is.EqualTo(expected.GetProperty("choices")[0].GetProperty("text").GetString()!.TrimStart()));
        Assert.That(choice.GetProperty("finish_reason").GetString(), Is.EqualTo(expected.GetProperty("choices")[0].GetProperty("finish_reason").GetString()));
        Assert.That(answer.GetProperty("usage").GetRawText(), Is.EqualTo(expected.GetProperty("usage").GetRawText()));
        Assert.That(answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(Gpt2Tokenizer.Shared.CountTokens(prompt)));
    }

    [Test]
    public async Task A_streamed_chat_sends_the_role_then_the_same_text_then_the_finish_reason_and_usage()
    {
        object Body(bool stream) => new { messages = Messages, max_tokens = 12, temperature = 0.8, seed = 3, stream, stream_options = new { include_usage = true }, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } };
        using var plain = await _server.Http.SendAsync(ApiTestServer.Post("/v1/chat/completions", Body(false), _key));
        var whole = await plain.Content.ReadFromJsonAsync<JsonElement>();
        using var streamed = await _server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/chat/completions", Body(true), _key));
        var chunks = new List<JsonElement>();
        var done = false;
        await foreach (var (_, data) in ApiTestServer.ReadEventsAsync(await streamed.Content.ReadAsStreamAsync()))
        {
            if (data == "[DONE]")
                done = true;
            else
                chunks.Add(JsonDocument.Parse(data).RootElement);
        }
        var withChoices = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).Select(c => c.GetProperty("choices")[0]).ToList();
        var text = string.Concat(withChoices.Select(c => c.GetProperty("delta").TryGetProperty("content", out var t) ? t.GetString() : ""));

        Assert.That(streamed.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(done, Is.True);
        Assert.That(chunks.Select(c => c.GetProperty("object").GetString()), Is.All.EqualTo("chat.completion.chunk"));
        Assert.That(withChoices[0].GetProperty("delta").GetProperty("role").GetString(), Is.EqualTo("assistant"));
        Assert.That(text, Is.EqualTo(whole.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
        Assert.That(text, Is.Not.Empty);
        Assert.That(withChoices[^1].GetProperty("finish_reason").GetString(), Is.EqualTo(whole.GetProperty("choices")[0].GetProperty("finish_reason").GetString()));
        Assert.That(chunks[^1].GetProperty("usage").GetRawText(), Is.EqualTo(whole.GetProperty("usage").GetRawText()));
    }

    [Test]
    public async Task Tools_a_json_format_an_image_and_top_logprobs_without_logprobs_are_refused_naming_the_parameter()
    {
        var cases = new (object Body, string Param)[]
        {
            (new { messages = Messages, tools = new[] { new { type = "function", function = new { name = "f" } } } }, "tools"),
            (new { messages = Messages, top_logprobs = 2 }, "top_logprobs"),
            (new { messages = Messages, response_format = new { type = "json_object" } }, "response_format"),
            (new { messages = new[] { new { role = "user", content = new object[] { new { type = "image_url", image_url = new { url = "x" } } } } } }, "messages"),
            (new { messages = Messages, presence_penalty = 0.5 }, "presence_penalty"),
        };
        foreach (var (body, param) in cases)
        {
            using var response = await _server.Http.SendAsync(ApiTestServer.Post("/v1/chat/completions", body, _key));
            var error = await ApiErrorBody.ReadAsync(response);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), param);
            Assert.That(error.Param, Is.EqualTo(param));
        }
    }
}
