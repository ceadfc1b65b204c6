using System.Diagnostics;
using System.Net;
using AdventureServer.Inference.Serving;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Api;

/// <summary>API clients share the players' worker without holding it: a disconnect frees the slot, a flood waits behind players.</summary>
public class SharingTests
{
    static object Long(bool stream) => new
    {
        prompt = "The caravan crossed the desert at night",
        max_tokens = 200,
        stream,
        logit_bias = new Dictionary<string, int> { ["50256"] = -100 },
    };

    [Test]
    public async Task A_client_that_disconnects_mid_stream_frees_its_slot_at_once()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync("--Inference:MaxConcurrentSequences=1");
        await using var _ = server;
        var worker = server.Worker();

        // Its own connection, closed on disposal: a shared client would drain the response to reuse the connection.
        using (var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 }) { BaseAddress = server.Address })
        using (var response = await client.SendStreamingAsync(ApiTestServer.Post("/v1/completions", Long(stream: true), key)))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var chunks = 0;
            await foreach (var __ in ApiTestServer.ReadEventsAsync(body))
                if (++chunks == 3)
                    break;
        }
        var stepsAtDisconnect = worker.Steps;
        await ApiTestServer.EventuallyAsync(() => worker.State is { BatchSize: 0, QueueLength: 0, PrefillingSequences: 0 } && worker.Steps > stepsAtDisconnect,
            "the worker drops the sequence", seconds: 10);
        var stepsToDrop = worker.Steps - stepsAtDisconnect;

        var player = server.Services.GetRequiredService<ITextGenerator>().Submit(new GenerationRequest { PromptText = "You open the door", MaxNewTokens = 2, Key = "adventure:1" });
        var result = await player.Result.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(stepsToDrop, Is.LessThan(20), "dropped within a few steps, not after the 200 tokens asked for");
        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(result.QueueTime, Is.LessThan(TimeSpan.FromSeconds(2)), "the only slot was free for the next request");
    }

    [Test]
    public async Task A_players_continuation_goes_before_a_keys_queued_flood()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync(
            "--Inference:MaxConcurrentSequences=1", "--Api:MaxConcurrentRequests=6", "--Api:MaxWaitingRequests=0");
        await using var _ = server;
        var worker = server.Worker();
        using var stop = new CancellationTokenSource();

        var flood = Enumerable.Range(0, 6)
            .Select(_ => server.Http.SendAsync(ApiTestServer.Post("/v1/completions", Long(stream: false), key), stop.Token))
            .ToList();
        await ApiTestServer.EventuallyAsync(() => worker.State is { QueueLength: 5 } && worker.State.BatchSize + worker.State.PrefillingSequences == 1,
            "one API request decodes and five wait");
        var clock = Stopwatch.StartNew();
        var player = server.Services.GetRequiredService<ITextGenerator>().Submit(new GenerationRequest { PromptText = "You open the door", MaxNewTokens = 2, Key = "adventure:1" });
        var result = await player.Result.WaitAsync(TimeSpan.FromSeconds(60));
        var apiStillWaiting = worker.State.QueueLength;
        await stop.CancelAsync();

        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(apiStillWaiting, Is.GreaterThanOrEqualTo(4), "the player went ahead of the queued API requests");
        Assert.That(flood.Count(t => t.IsCompletedSuccessfully && t.Result.StatusCode == HttpStatusCode.OK), Is.LessThanOrEqualTo(2));
        TestContext.Out.WriteLine($"player's continuation took {clock.Elapsed.TotalMilliseconds:F0} ms, queued {result.QueueTime.TotalMilliseconds:F0} ms");
        await Task.WhenAll(flood).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Test]
    public async Task Beyond_the_APIs_share_its_requests_wait_outside_the_worker_so_a_player_is_admitted_at_once()
    {
        var (server, key) = await ApiTestServer.StartSlowAsync(
            "--Inference:MaxConcurrentSequences=2", "--Api:MaxConcurrentRequests=1", "--Api:MaxWaitingRequests=8");
        await using var _ = server;
        var worker = server.Worker();
        var admission = server.Services.GetRequiredService<ApiAdmission>();
        using var stop = new CancellationTokenSource();

        var flood = Enumerable.Range(0, 4)
            .Select(_ => server.Http.SendAsync(ApiTestServer.Post("/v1/completions", Long(stream: false), key), stop.Token))
            .ToList();
        await ApiTestServer.EventuallyAsync(() => admission.Waiting == 3 && worker.State.BatchSize == 1, "one API request decodes and three wait for the share");
        var player = server.Services.GetRequiredService<ITextGenerator>().Submit(new GenerationRequest { PromptText = "You open the door", MaxNewTokens = 2, Key = "adventure:1" });
        var result = await player.Result.WaitAsync(TimeSpan.FromSeconds(60));
        var stillWaiting = admission.Waiting;
        await stop.CancelAsync();

        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(stillWaiting, Is.EqualTo(3), "the player did not wait for any API request");
        Assert.That(result.QueueTime, Is.LessThan(TimeSpan.FromSeconds(2)));
        await Task.WhenAll(flood).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
