using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using AdventureServer.Inference.Text;
using OpenAI;

namespace AdventureServer.Server.Tests.Api;

/// <summary>
/// The OpenAI dialect through the official OpenAI .NET library. Its 2.x releases keep the legacy completions client
/// internal, so completions go through the library's own <see cref="ClientPipeline"/> (its key policy, retries and
/// transport); the model list uses its public model client.
/// </summary>
public class OpenAiCompletionTests
{
    const string Prompt = "The old lighthouse keeper climbed the stairs and";

    TestServer _server = null!;
    OpenAIClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        (_server, var key) = await ApiTestServer.StartAsync();
        _client = new OpenAIClient(new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = new Uri(_server.Address, "/v1") });
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task A_streamed_completion_equals_the_plain_one_for_the_same_seed_and_counts_its_tokens()
    {
        object Body(bool stream) => new
        {
            model = "whatever-the-client-thinks",
            prompt = Prompt,
            max_tokens = 12,
            temperature = 0.9,
            top_p = 0.95,
            seed = 1234,
            stream,
            stream_options = new { include_usage = true },
            logit_bias = new Dictionary<string, int> { ["50256"] = -100 },
        };

        using var plain = await SendAsync(Body(stream: false), buffer: true);
        var completion = JsonDocument.Parse(plain.Content).RootElement;
        var text = completion.GetProperty("choices")[0].GetProperty("text").GetString();

        using var streaming = await SendAsync(Body(stream: true), buffer: false);
        var chunks = new List<JsonElement>();
        var done = false;
        await foreach (var (_, data) in ApiTestServer.ReadEventsAsync(streaming.ContentStream!))
        {
            if (data == "[DONE]")
                done = true;
            else
                chunks.Add(JsonDocument.Parse(data).RootElement);
        }
        var withChoices = chunks.Where(c => c.GetProperty("choices").GetArrayLength() > 0).ToList();
        var streamedText = string.Concat(withChoices.Select(c => c.GetProperty("choices")[0].GetProperty("text").GetString()));
        var usage = completion.GetProperty("usage");

        Assert.That(streaming.Headers.TryGetValue("Content-Type", out var type) ? type : null, Does.StartWith("text/event-stream"));
        Assert.That(done, Is.True, "the stream ends with [DONE]");
        Assert.That(withChoices, Has.Count.GreaterThan(2), "the text comes in several chunks");
        Assert.That(streamedText, Is.EqualTo(text));
        Assert.That(text, Is.Not.Empty);
        Assert.That(completion.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("length"));
        Assert.That(withChoices[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("length"));
        Assert.That(withChoices.Take(withChoices.Count - 1).Select(c => c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind), Is.All.EqualTo(JsonValueKind.Null));
        Assert.That(usage.GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(Gpt2Tokenizer.Shared.CountTokens(Prompt)));
        Assert.That(usage.GetProperty("completion_tokens").GetInt32(), Is.EqualTo(12), "end-of-text is banned, so it writes max_tokens");
        Assert.That(usage.GetProperty("total_tokens").GetInt32(), Is.EqualTo(Gpt2Tokenizer.Shared.CountTokens(Prompt) + 12));
        Assert.That(chunks[^1].GetProperty("choices").GetArrayLength(), Is.Zero, "the usage chunk comes last and has no choices");
        Assert.That(chunks[^1].GetProperty("usage").GetRawText(), Is.EqualTo(usage.GetRawText()));
        Assert.That(completion.GetProperty("object").GetString(), Is.EqualTo("text_completion"));
        Assert.That(completion.GetProperty("model").GetString(), Is.EqualTo(_server.Worker().ModelName));
    }

    [Test]
    public async Task Greedy_completions_of_a_prompt_given_as_a_one_string_array_and_as_token_ids_agree()
    {
        var ids = Gpt2Tokenizer.Shared.Encode(Prompt);

        using var asArray = await SendAsync(new { prompt = new[] { Prompt }, max_tokens = 6, temperature = 0 }, buffer: true);
        using var asTokens = await SendAsync(new { prompt = ids, max_tokens = 6, temperature = 0 }, buffer: true);

        Assert.That(asArray.Status, Is.EqualTo(200));
        Assert.That(TextOf(asTokens), Is.EqualTo(TextOf(asArray)));
        Assert.That(TextOf(asArray), Is.Not.Empty);
    }

    [Test]
    public async Task A_stop_sequence_ends_the_completion_before_it_with_finish_reason_stop()
    {
        using var free = await SendAsync(new { prompt = Prompt, max_tokens = 20, temperature = 0, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } }, buffer: true);
        var text = TextOf(free);
        var stop = text.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];

        using var stopped = await SendAsync(new { prompt = Prompt, max_tokens = 20, temperature = 0, stop = new[] { stop } }, buffer: true);
        var choice = JsonDocument.Parse(stopped.Content).RootElement.GetProperty("choices")[0];

        Assert.That(choice.GetProperty("text").GetString(), Is.EqualTo(text[..text.IndexOf(stop, StringComparison.Ordinal)]));
        Assert.That(choice.GetProperty("finish_reason").GetString(), Is.EqualTo("stop"));
    }

    [Test]
    public async Task The_official_library_lists_the_served_model()
    {
        var models = await _client.GetOpenAIModelClient().GetModelsAsync();

        Assert.That(models.Value.Select(m => m.Id), Is.EqualTo(new[] { _server.Worker().ModelName }));
    }

    [Test]
    public void The_official_library_sees_a_wrong_key_as_401()
    {
        var stranger = new OpenAIClient(new ApiKeyCredential("sk-adv-not-a-key"), new OpenAIClientOptions { Endpoint = new Uri(_server.Address, "/v1") });

        var error = Assert.ThrowsAsync<ClientResultException>(() => stranger.GetOpenAIModelClient().GetModelsAsync());

        Assert.That(error!.Status, Is.EqualTo(401));
    }

    async Task<PipelineResponse> SendAsync(object body, bool buffer)
    {
        var message = _client.Pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(_server.Address, "/v1/completions");
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromObjectAsJson(body));
        message.BufferResponse = buffer;
        await _client.Pipeline.SendAsync(message);
        var response = message.ExtractResponse()!;
        Assert.That(response.Status, Is.EqualTo(200), () => buffer ? Encoding.UTF8.GetString(response.Content.ToArray()) : "");
        return response;
    }

    static string TextOf(PipelineResponse response) =>
        JsonDocument.Parse(response.Content).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;
}
