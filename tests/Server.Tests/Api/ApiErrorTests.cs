using System.Net;
using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Api;

/// <summary>400, 401, 429 and 503 each in OpenAI's error shape, with a message a person can act on.</summary>
public class ApiErrorTests
{
    [Test]
    public async Task Bad_parameters_are_400_naming_the_parameter()
    {
        var (server, key) = await ApiTestServer.StartAsync("--Api:MaxTokensCap=50");
        await using var _ = server;

        var cases = new (string Path, object Body, string Param)[]
        {
            ("/v1/completions", new { prompt = "Hello", temperature = 5 }, "temperature"),
            ("/v1/completions", new { prompt = "Hello", max_tokens = 51 }, "max_tokens"),
            ("/v1/completions", new { max_tokens = 5 }, "prompt"),
            ("/v1/completions", new { prompt = new[] { "one", "two" } }, "prompt"),
            ("/v1/completions", new { prompt = "Hello", stop = 7 }, "stop"),
            ("/v1/completions", new { prompt = "Hello", max_tokens = "many" }, "max_tokens"),
            ("/v1/completions", new { prompt = "Hello", n = 3 }, "n"),
            ("/api/v1/generate", new { prompt = "Hello", rep_pen = -1 }, "rep_pen"),
            ("/api/v1/generate", new { prompt = "Hello", max_length = 0 }, "max_length"),
        };
        foreach (var (path, body, param) in cases)
        {
            using var response = await server.Http.SendAsync(ApiTestServer.Post(path, body, key));
            var error = await ApiErrorBody.ReadAsync(response);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), param);
            Assert.That(error.Param, Is.EqualTo(param));
            Assert.That(error.Type, Is.EqualTo("invalid_request_error"));
            Assert.That(error.Message, Does.Contain(param));
        }
    }

    [Test]
    public async Task A_value_of_the_wrong_type_is_named_without_dotnet_types_and_a_cut_short_body_is_bad_JSON()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;

        using var wrongType = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = "many" }, key));
        var cutShort = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = new StringContent("{\"prompt\": \"Hello\", \"max_tokens\": 1", System.Text.Encoding.UTF8, "application/json"),
        };
        cutShort.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        using var truncated = await server.Http.SendAsync(cutShort);
        var wrong = await ApiErrorBody.ReadAsync(wrongType);
        var bad = await ApiErrorBody.ReadAsync(truncated);

        Assert.That(wrong.Param, Is.EqualTo("max_tokens"));
        Assert.That(wrong.Message, Does.Contain("integer").And.Not.Contain("System.").And.Not.Contain("`1"));
        Assert.That(truncated.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(bad.Param, Is.Null, "a body cut short is not max_tokens' fault");
        Assert.That(bad.Message, Does.Contain("not valid JSON").And.Not.Contain("System."));
    }

    [Test]
    public async Task A_missing_unknown_or_revoked_key_is_401()
    {
        var (server, key) = await ApiTestServer.StartAsync();
        await using var _ = server;
        var revoked = await ApiTestServer.CreateKeyAsync(server, "api-user");
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            var id = (await keys.ListAsync("api-user"))!.Single(k => revoked.StartsWith(k.Prefix, StringComparison.Ordinal)).Id;
            Assert.That(await keys.RevokeAsync(id), Is.True);
        }

        foreach (var (sent, what) in new[] { ((string?)null, "missing"), ("sk-adv-" + new string('x', 43), "unknown"), (revoked, "revoked") })
        {
            using var response = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, sent));
            var error = await ApiErrorBody.ReadAsync(response);

            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), what);
            Assert.That(error.Type, Is.EqualTo("authentication_error"));
            Assert.That(error.Message, Does.Contain("key"));
        }
        using var good = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, key));
        Assert.That(good.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the account's other key still works");
    }

    [Test]
    public async Task A_key_over_its_requests_per_minute_gets_429_with_a_retry_time_and_other_keys_do_not()
    {
        var (server, key) = await ApiTestServer.StartAsync("--Api:RequestsPerMinute=2");
        await using var _ = server;
        var other = await ApiTestServer.CreateKeyAsync(server, "someone-else");

        for (var i = 0; i < 2; i++)
        {
            using var ok = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, key));
            Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var limited = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, key));
        var error = await ApiErrorBody.ReadAsync(limited);
        using var otherKey = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, other));

        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(error.Type, Is.EqualTo("rate_limit_error"));
        Assert.That(error.Message, Does.Contain("Try again in"));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(otherKey.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_key_over_its_tokens_per_minute_gets_429()
    {
        var (server, key) = await ApiTestServer.StartAsync("--Api:TokensPerMinute=60");
        await using var _ = server;
        // About 20 tokens: the first request uses at least its prompt, whenever the story ends, and the
        // second's prompt and max_tokens (about 50) fit a minute alone but not after the first.
        const string prompt = "The old lighthouse keeper climbed the winding stairs slowly, counting every one of the stone steps aloud.";

        using var first = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt, max_tokens = 20 }, key));
        using var second = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt, max_tokens = 30 }, key));
        var error = await ApiErrorBody.ReadAsync(second);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(error.Message, Does.Contain("tokens per minute"));
    }

    [Test]
    public async Task A_full_worker_queue_is_503()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync(
            "--Inference:QueueCapacity=1", "--Inference:MaxConcurrentSequences=1", "--Api:MaxConcurrentRequests=10");
        await using var _ = server;
        using var stop = new CancellationTokenSource();
        var running = server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", LongStream, key), stop.Token);
        await ApiTestServer.EventuallyAsync(() => server.Worker().State.BatchSize == 1, "the first request decodes");
        var waiting = server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", LongStream, key), stop.Token);
        await ApiTestServer.EventuallyAsync(() => server.Worker().State.QueueLength == 1, "the second request waits in the worker's queue");

        using var refused = await server.Http.SendAsync(ApiTestServer.Post("/v1/completions", new { prompt = "Hello", max_tokens = 1 }, key));
        var error = await ApiErrorBody.ReadAsync(refused);
        await stop.CancelAsync();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.Type, Is.EqualTo("server_busy"));
        Assert.That(error.Message, Does.Contain("queue is full").And.Contain("Try again"));
        Assert.That(refused.Headers.RetryAfter, Is.Not.Null);
        await Task.WhenAll(running, waiting).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Test]
    public async Task Requests_beyond_the_APIs_share_and_its_waiting_room_are_503_while_the_worker_has_room()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync("--Api:MaxConcurrentRequests=1", "--Api:MaxWaitingRequests=1");
        await using var _ = server;
        using var stop = new CancellationTokenSource();
        var running = server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", LongStream, key), stop.Token);
        await ApiTestServer.EventuallyAsync(() => server.Worker().State.BatchSize == 1, "the first request decodes");
        var waiting = server.Http.SendStreamingAsync(ApiTestServer.Post("/v1/completions", LongStream, key), stop.Token);
        var admission = server.Services.GetRequiredService<ApiAdmission>();
        await ApiTestServer.EventuallyAsync(() => admission.Waiting == 1, "the second request waits for the API's share");

        using var refused = await server.Http.SendAsync(ApiTestServer.Post("/api/v1/generate", new { prompt = "Hello", max_length = 1 }, key));
        var error = await ApiErrorBody.ReadAsync(refused);
        var workerQueue = server.Worker().State.QueueLength;
        await stop.CancelAsync();

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(error.Message, Does.Contain("API queue is full"));
        Assert.That(workerQueue, Is.Zero, "the waiting API request is not in the worker's queue");
        await Task.WhenAll(running, waiting).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    static object LongStream => new { prompt = "Once upon a time", max_tokens = 200, stream = true, logit_bias = new Dictionary<string, int> { ["50256"] = -100 } };
}
