using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Tests.Api;

/// <summary>KoboldCpp's leniency and the KoboldCpp endpoints that KoboldAI Lite and SillyTavern call.</summary>
public class KoboldLeniencyTests
{
    const string Prompt = "You enter the cave. It is dark, and";

    [Test]
    public async Task KoboldAI_Lites_default_request_is_lowered_to_the_model_and_the_answer_says_so()
    {
        var (server, key) = await ApiTestServer.StartAsync("--Api:MaxTokensCap=64");
        await using var _ = server;
        var window = server.Worker().ContextWindow;
        var advertised = (await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/config/max_length")).GetProperty("value").GetInt32();
        var story = string.Concat(Enumerable.Repeat("The dragon sleeps on a hill of gold. ", 80)) + Prompt;

        using var lite = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate",
            new { prompt = Prompt, max_length = 1536, max_context_length = 12288, temperature = 0.7, sampler_seed = -1 }, key));
        using var full = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate",
            new { prompt = story, max_length = advertised, max_context_length = advertised, temperature = 0 }, key));
        using var streamed = await server.Http.SendStreamingAsync(ApiTestServer.Post("/api/extra/generate/stream",
            new { prompt = story, max_length = 8, max_context_length = 12288, temperature = 0 }, key));
        var liteResult = (await lite.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        var fullResult = (await full.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0];
        JsonElement last = default;
        await foreach (var (_, data) in ApiTestServer.ReadEventsAsync(await streamed.Content.ReadAsStreamAsync()))
            last = JsonDocument.Parse(data).RootElement;

        Assert.That(lite.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Adjustments(liteResult), Has.Some.Contains($"max_context_length lowered from 12288 to {window}").And.Some.Contains("max_length lowered from 1536 to 64"));
        Assert.That(liteResult.GetProperty("completion_tokens").GetInt32(), Is.InRange(1, 64));
        Assert.That(full.StatusCode, Is.EqualTo(HttpStatusCode.OK), "max_length as advertised with a full window");
        Assert.That(Adjustments(fullResult), Has.Some.Contains($"max_length lowered from {advertised} to {advertised / 2}").And.Some.Contains("prompt cut from the start"));
        Assert.That(fullResult.GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(advertised - advertised / 2));
        Assert.That(Adjustments(last), Has.Some.Contains("prompt cut from the start"), "the stream's last event says so too");
    }

    [Test]
    public async Task Tokencount_counts_as_the_model_does_and_needs_no_key()
    {
        var (server, _) = await ApiTestServer.StartAsync();
        await using var __ = server;

        using var response = await server.Http.PostAsJsonAsync("/api/extra/tokencount", new { prompt = Prompt });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("value").GetInt32(), Is.EqualTo(Gpt2Tokenizer.Shared.CountTokens(Prompt)));
        Assert.That(body.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32()), Is.EqualTo(Gpt2Tokenizer.Shared.Encode(Prompt)));
    }

    [Test]
    public async Task Generate_check_shows_the_callers_running_text_so_far_and_nothing_to_another_account()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync();
        await using var _ = server;
        var stranger = await ApiTestServer.CreateKeyAsync(server, "stranger");
        var generating = server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate",
            new { prompt = Prompt, max_length = 120, genkey = "KCPP77", use_default_badwordsids = true, temperature = 0 }, key));

        var soFar = "";
        await ApiTestServer.EventuallyAsync(() =>
        {
            using var check = server.Http.Send(ApiTestServer.Post("/api/extra/generate/check", new { genkey = "KCPP77" }, key));
            soFar = TextOf(check.Content.ReadFromJsonAsync<JsonElement>().GetAwaiter().GetResult());
            return soFar.Length > 0;
        }, "some text is generated");
        using var strangersCheck = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/generate/check", new { genkey = "KCPP77" }, stranger));
        using var abort = await server.Http.SendAsync(ApiTestServer.Post("/api/extra/abort", new { genkey = "KCPP77" }, key));
        using var finished = await generating.WaitAsync(TimeSpan.FromSeconds(60));
        var final = TextOf(await finished.Content.ReadFromJsonAsync<JsonElement>());

        Assert.That(TextOf(await strangersCheck.Content.ReadFromJsonAsync<JsonElement>()), Is.Empty);
        Assert.That(final, Does.StartWith(soFar));
    }

    static string TextOf(JsonElement body) => body.GetProperty("results")[0].GetProperty("text").GetString()!;

    static IEnumerable<string> Adjustments(JsonElement result) =>
        result.TryGetProperty("adjustments", out var list) ? list.EnumerateArray().Select(a => a.GetString()!) : [];
}
