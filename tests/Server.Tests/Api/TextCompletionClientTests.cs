using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Inference.Text;

namespace AdventureServer.Server.Tests.Api;

/// <summary>
/// <c>/v1/completions</c> as SillyTavern's Text Completion mode uses it: <c>seed: -1</c>, many stop strings, a chat
/// history longer than the window; and the parameters that were once silently ignored.
/// </summary>
public class TextCompletionClientTests
{
    const string Prompt = "The old lighthouse keeper climbed the stairs and";

    TestServer _server = null!;
    string _key = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => (_server, _key) = await ApiTestServer.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Seed_minus_one_draws_a_new_seed_each_time_in_both_dialects()
    {
        var openAi = new List<string>();
        var kobold = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            openAi.Add(TextOf(await PostAsync("/v1/completions", new { prompt = Prompt, max_tokens = 16, temperature = 1.0, seed = -1, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } })));
            kobold.Add((await PostAsync("/api/v1/generate", new { prompt = Prompt, max_length = 16, temperature = 1.0, sampler_seed = -1, use_default_badwordsids = true }))
                .GetProperty("results")[0].GetProperty("text").GetString()!);
        }

        Assert.That(openAi.Distinct().Count(), Is.GreaterThan(1), "regenerate gives another text");
        Assert.That(kobold.Distinct().Count(), Is.GreaterThan(1));
    }

    [Test]
    public async Task Sixteen_and_more_stop_strings_are_accepted_and_each_one_stops()
    {
        var free = TextOf(await PostAsync("/v1/completions", new { prompt = Prompt, max_tokens = 20, temperature = 0, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } }));
        var word = free.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1];
        var stops = Enumerable.Range(0, 23).Select(i => $"\nSpeaker{i}:").Append(word).ToArray();

        var stopped = await PostAsync("/v1/completions", new { prompt = Prompt, max_tokens = 20, temperature = 0, stop = stops });

        Assert.That(TextOf(stopped), Is.EqualTo(free[..free.IndexOf(word, StringComparison.Ordinal)]));
        Assert.That(stopped.GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("stop"));
    }

    [Test]
    public async Task A_history_longer_than_the_window_is_400_by_default_and_loses_its_start_when_truncation_is_asked()
    {
        var window = _server.Worker().ContextWindow;
        var history = string.Concat(Enumerable.Repeat("User: Hello there.\nBot: Hi! ", 120)) + Prompt;
        var ids = Gpt2Tokenizer.Shared.Encode(history);
        Assume.That(ids.Length, Is.GreaterThan(window));

        using var refused = await _server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = history, max_tokens = 8, temperature = 0 }, _key));
        var cut = await PostAsync("/v1/completions", new { prompt = history, max_tokens = 8, temperature = 0, truncate_prompt_tokens = -1 });
        var tail = await PostAsync("/v1/completions", new { prompt = ids[^(window - 8)..], max_tokens = 8, temperature = 0 });
        var kept = await PostAsync("/v1/completions", new { prompt = history, max_tokens = 8, temperature = 0, truncate_prompt_tokens = 100 });

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ApiErrorBody.ReadAsync(refused)).Message, Does.Contain("truncate_prompt_tokens"));
        Assert.That(TextOf(cut), Is.EqualTo(TextOf(tail)), "it keeps the prompt's last window − max_tokens tokens");
        Assert.That(cut.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(window - 8));
        Assert.That(kept.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(100));
    }

    [Test]
    public async Task The_server_setting_truncates_every_prompt_that_does_not_fit()
    {
        var (server, key) = await ApiTestServer.StartAsync("--Api:TruncatePrompts=true");
        await using var _ = server;
        var history = string.Concat(Enumerable.Repeat("User: Hello there.\nBot: Hi! ", 120)) + Prompt;

        using var response = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = history, max_tokens = 8, temperature = 0 }, key));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), Is.EqualTo(server.Worker().ContextWindow - 8));
    }

    [Test]
    public async Task Echo_answers_the_prompt_then_its_completion_plain_and_streamed()
    {
        var plain = TextOf(await PostAsync("/v1/completions", new { prompt = Prompt, max_tokens = 6, temperature = 0 }));
        var echoed = TextOf(await PostAsync("/v1/completions", new { prompt = Prompt, max_tokens = 6, temperature = 0, echo = true }));
        using var streamed = await _server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", new { prompt = Prompt, max_tokens = 6, temperature = 0, echo = true, stream = true }, _key));
        var text = "";
        await foreach (var (_, data) in ApiTestServer.ReadEventsAsync(await streamed.Content.ReadAsStreamAsync()))
            if (data != "[DONE]")
                text += JsonDocument.Parse(data).RootElement.GetProperty("choices")[0].GetProperty("text").GetString();

        Assert.That(echoed, Is.EqualTo(Prompt + plain));
        Assert.That(text, Is.EqualTo(Prompt + plain));
    }

    [Test]
    public async Task Suffix_too_many_logprobs_and_penalties_it_does_not_apply_are_refused_naming_them()
    {
        var cases = new (object Body, string Param)[]
        {
            (new { prompt = Prompt, suffix = "The end." }, "suffix"),
            (new { prompt = Prompt, logprobs = 21 }, "logprobs"),
            (new { prompt = Prompt, frequency_penalty = 0.4 }, "frequency_penalty"),
            (new { prompt = Prompt, best_of = 2 }, "best_of"),
        };
        foreach (var (body, param) in cases)
        {
            using var response = await _server.Http.SendAsync(ApiTestServer.Post("/v1/completions", body, _key));
            var error = await ApiErrorBody.ReadAsync(response);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), param);
            Assert.That(error.Param, Is.EqualTo(param));
            Assert.That(error.Message, Does.Contain(param));
        }
        using var zero = await _server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = Prompt, max_tokens = 2, presence_penalty = 0, frequency_penalty = 0 }, _key));
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.OK), "0 is off, as SillyTavern sends it");
    }

    [Test]
    public async Task Logprobs_give_each_tokens_log_probability_and_its_top_alternatives_plain_and_streamed()
    {
        object Body(bool stream) => new { prompt = Prompt, max_tokens = 10, temperature = 0, logprobs = 3, stream, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } };
        var plain = await PostAsync("/v1/completions", Body(false));
        var choice = plain.GetProperty("choices")[0];
        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        var chosen = logprobs.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetSingle()).ToList();
        var top = logprobs.GetProperty("top_logprobs").EnumerateArray().Select(t => t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetSingle())).ToList();
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(t => t.GetInt32()).ToList();
        using var streamed = await _server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", Body(true), _key));
        var streamedTokens = new List<string>();
        var streamedChosen = new List<float>();
        await foreach (var (_, data) in ApiTestServer.ReadEventsAsync(await streamed.Content.ReadAsStreamAsync()))
        {
            if (data == "[DONE]")
                continue;
            var part = JsonDocument.Parse(data).RootElement.GetProperty("choices")[0].GetProperty("logprobs");
            if (part.ValueKind == JsonValueKind.Null)
                continue;
            streamedTokens.AddRange(part.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!));
            streamedChosen.AddRange(part.GetProperty("token_logprobs").EnumerateArray().Select(t => t.GetSingle()));
        }

        Assert.That(tokens, Has.Count.EqualTo(10));
        Assert.That(string.Concat(tokens), Is.EqualTo(choice.GetProperty("text").GetString()));
        Assert.That(offsets[0], Is.Zero);
        Assert.That(offsets.Skip(1), Is.EqualTo(tokens.Take(9).Select((t, i) => tokens.Take(i + 1).Sum(x => x.Length))));
        Assert.That(top.Select(t => t.Count), Is.All.EqualTo(3));
        Assert.That(chosen, Is.All.LessThanOrEqualTo(0f));
        for (var i = 0; i < tokens.Count; i++)
        {
            // Greedy: the chosen token is the likeliest, and its probability and the alternatives' are one distribution.
            Assert.That(chosen[i], Is.EqualTo(top[i].Values.Max()).Within(1e-5f));
            Assert.That(top[i][tokens[i]], Is.EqualTo(chosen[i]).Within(1e-5f));
            Assert.That(top[i].Values.Sum(v => Math.Exp(v)), Is.LessThanOrEqualTo(1.0 + 1e-4));
        }
        Assert.That(streamedTokens, Is.EqualTo(tokens), "streamed too");
        Assert.That(streamedChosen, Is.EqualTo(chosen).Within(1e-6f));
    }

    [Test]
    public async Task Chat_logprobs_list_every_token_with_its_bytes_and_top_logprobs()
    {
        var answer = await PostAsync("/v1/chat/completions", new
        {
            messages = new[] { new { role = "user", content = "I open the door." } },
            max_tokens = 6, temperature = 0.9, seed = 4, logprobs = true, top_logprobs = 2,
            logit_bias = new Dictionary<string, int> { ["50256"] = -100 },
        });
        var content = answer.GetProperty("choices")[0].GetProperty("logprobs").GetProperty("content").EnumerateArray().ToList();

        Assert.That(content, Has.Count.EqualTo(answer.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
        Assert.That(content.Select(c => c.GetProperty("top_logprobs").GetArrayLength()), Is.All.EqualTo(2));
        Assert.That(content.Select(c => c.GetProperty("logprob").GetSingle()), Is.All.LessThanOrEqualTo(0f));
        Assert.That(content.Select(c => c.GetProperty("bytes").GetArrayLength()), Is.All.GreaterThan(0));
        // Sampled, not greedy: a chosen token may be outside the top two, but never likelier than the likeliest.
        Assert.That(content.All(c => c.GetProperty("logprob").GetSingle() <= c.GetProperty("top_logprobs")[0].GetProperty("logprob").GetSingle() + 1e-5f), Is.True);
    }

    async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _server.Http.SendAsync(ApiTestServer.Post(path, body, _key));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
        return json;
    }

    static string TextOf(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("text").GetString()!;
}
