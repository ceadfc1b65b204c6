using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Api;

/// <summary>The KoboldAI dialect as SillyTavern and KoboldAI Lite use it.</summary>
public class KoboldTests
{
    const string Prompt = "You enter the cave. It is dark, and";

    [Test]
    public async Task Generate_and_stream_give_the_same_text_for_the_same_seed()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;
        var body = new { prompt = Prompt, max_length = 10, temperature = 0.8, top_k = 40, top_p = 0.9, rep_pen = 1.1, sampler_seed = 7, use_default_badwordsids = true };

        using var generated = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate", body, key));
        var result = (await generated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        using var streamed = await server.Http.SendStreamingAsync(ApiTestServer.Post("/api/extra/generate/stream", body, key));
        var events = await ReadAllAsync(streamed);

        Assert.That(generated.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(result.GetProperty("text").GetString(), Is.Not.Empty);
        Assert.That(result.GetProperty("finish_reason").GetString(), Is.EqualTo("length"));
        Assert.That(streamed.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        Assert.That(events.Select(e => e.Event), Is.All.EqualTo("message"));
        Assert.That(events, Has.Count.GreaterThan(2));
        Assert.That(string.Concat(events.Select(e => e.Data.GetProperty("token").GetString())), Is.EqualTo(result.GetProperty("text").GetString()));
        Assert.That(events[^1].Data.GetProperty("finish_reason").GetString(), Is.EqualTo("length"));
    }

    [Test]
    public async Task A_prompt_longer_than_max_context_length_loses_its_start_and_still_generates()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;
        var story = string.Concat(Enumerable.Repeat("The dragon sleeps on a hill of gold. ", 100)) + Prompt;

        using var whole = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate", new { prompt = story, max_length = 8, temperature = 0, rep_pen = 1 }, key));
        using var cut = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate", new { prompt = story, max_length = 8, max_context_length = 64, temperature = 0, rep_pen = 1 }, key));
        using var tail = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions",
            new { prompt = AdventureServer.Inference.Text.Gpt2Tokenizer.Shared.Encode(story)[^56..], max_tokens = 8, temperature = 0 }, key));

        Assert.That(whole.StatusCode, Is.EqualTo(HttpStatusCode.OK), "cut to the model's window");
        Assert.That(cut.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(TextOf(await cut.Content.ReadFromJsonAsync<JsonElement>()),
            Is.EqualTo((await tail.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("text").GetString()),
            "the prompt kept is its last max_context_length - max_length tokens");
    }

    [Test]
    public async Task Abort_by_genkey_ends_the_callers_stream_early_and_no_one_else_can_abort_it()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync();
        await using var _ = server;
        var stranger = await ApiTestServer.CreateKeyAsync(server, "stranger");

        using var streamed = await server.Http.SendStreamingAsync(ApiTestServer.Post("/api/extra/generate/stream",
            new { prompt = Prompt, max_length = 200, genkey = "KCPP4242", use_default_badwordsids = true }, key));
        var events = new List<(string? Event, JsonElement Data)>();
        var reading = Task.Run(async () =>
        {
            await foreach (var (name, data) in ApiTestServer.ReadEventsAsync(await streamed.Content.ReadAsStreamAsync()))
                lock (events)
                    events.Add((name, JsonDocument.Parse(data).RootElement));
        });
        await ApiTestServer.EventuallyAsync(() => { lock (events) return events.Count >= 2; }, "the first tokens arrive");

        using var strangerAbort = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/abort", new { genkey = "KCPP4242" }, stranger));
        using var wrongKey = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/abort", new { genkey = "KCPP0000" }, key));
        using var ownAbort = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/abort", new { genkey = "KCPP4242" }, key));
        await reading.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(await SuccessOf(strangerAbort), Is.False);
        Assert.That(await SuccessOf(wrongKey), Is.False);
        Assert.That(await SuccessOf(ownAbort), Is.True);
        Assert.That(events[^1].Data.GetProperty("finish_reason").GetString(), Is.EqualTo("abort"));
        Assert.That(events, Has.Count.LessThan(200), "it ended well before max_length");
    }

    [Test]
    public async Task The_information_endpoints_answer_as_KoboldAI_does()
    {
        var (server, _) = await ApiTestServer.StartAsync("--Api:MaxTokensCap=300");
        await using var __ = server;

        var model = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/model");
        var version = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/info/version");
        var maxLength = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/config/max_length");
        var maxContext = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/config/max_context_length");

        Assert.That(model.GetProperty("result").GetString(), Is.EqualTo(server.Worker().ModelName));
        Assert.That(version.GetProperty("result").GetString(), Does.Match(@"^\d+\.\d+\.\d+$"));
        Assert.That(maxLength.GetProperty("value").GetInt32(), Is.EqualTo(300));
        Assert.That(maxContext.GetProperty("value").GetInt32(), Is.EqualTo(server.Worker().ContextWindow));
    }

    static string? TextOf(JsonElement body) => body.GetProperty("results")[0].GetProperty("text").GetString();

    static async Task<bool> SuccessOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("success").GetBoolean();

    static async Task<List<(string? Event, JsonElement Data)>> ReadAllAsync(HttpResponseMessage response)
    {
        var events = new List<(string? Event, JsonElement Data)>();
        await foreach (var (name, data) in ApiTestServer.ReadEventsAsync(await response.Content.ReadAsStreamAsync()))
            events.Add((name, JsonDocument.Parse(data).RootElement));
        return events;
    }
}
