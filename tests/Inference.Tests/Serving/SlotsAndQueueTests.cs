using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class SlotsAndQueueTests
{
    [Test, CancelAfter(60_000)]
    public async Task Cancelling_a_request_frees_its_slot_for_a_waiting_request()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 1);
        using var cancel = new CancellationTokenSource();
        var first = worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 500, Key = "a" }, cancel.Token);
        var second = worker.Submit(new GenerationRequest { PromptTokens = [4, 5, 6], MaxNewTokens = 5, Key = "b" });

        await first.Deltas.ReadAsync();
        await cancel.CancelAsync();
        var cancelledAtStep = worker.Steps;
        var cancelled = await first.Result;
        var (_, waiting) = await TestModels.ReadAll(second);

        Assert.That(cancelled.FinishReason, Is.EqualTo(FinishReason.Cancelled));
        Assert.That(cancelled.CompletionTokens, Is.LessThan(500));
        Assert.That(waiting.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(waiting.CompletionTokens, Is.EqualTo(5));
        // One step to notice the cancellation (and admit), one to prefill, four to decode, and one of slack
        // for the step in flight when the token was cancelled.
        Assert.That(worker.Steps - cancelledAtStep, Is.LessThanOrEqualTo(7));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_full_queue_refuses_a_request_at_once_as_busy()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 1, queue: 1);
        using var cancel = new CancellationTokenSource();
        var running = worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 500 }, cancel.Token);
        await running.Deltas.ReadAsync(); // admitted, so the queue is empty again
        var waiting = worker.Submit(new GenerationRequest { PromptTokens = [4, 5], MaxNewTokens = 2 }, cancel.Token);

        Assert.That(() => worker.Submit(new GenerationRequest { PromptTokens = [7, 8], MaxNewTokens = 2 }), Throws.TypeOf<EngineBusyException>());

        await cancel.CancelAsync();
        Assert.That((await running.Result).FinishReason, Is.EqualTo(FinishReason.Cancelled));
        Assert.That((await waiting.Result).FinishReason, Is.EqualTo(FinishReason.Cancelled));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_reader_that_never_reads_does_not_hold_up_another_stream()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 2);
        var unread = worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 120, Key = "idle" });
        var read = worker.Submit(new GenerationRequest { PromptTokens = [4, 5, 6], MaxNewTokens = 40, Key = "busy" });

        var (text, result) = await TestModels.ReadAll(read);

        Assert.That(result.CompletionTokens, Is.EqualTo(40));
        Assert.That(text, Is.Not.Empty);
        Assert.That(unread.Result.IsCompleted, Is.False, "the unread stream is still being written, ahead of its reader");
        var unreadResult = await unread.Result;
        Assert.That(unread.Deltas.Count, Is.GreaterThan(0), "its deltas wait in the channel");
        Assert.That(unreadResult.FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
    }

    [Test, CancelAfter(60_000)]
    public async Task An_empty_or_oversized_prompt_is_refused_at_submission()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), context: 16);

        Assert.That(() => worker.Submit(new GenerationRequest { PromptTokens = [] }), Throws.ArgumentException);
        Assert.That(() => worker.Submit(new GenerationRequest { PromptTokens = Enumerable.Range(1, 17).ToArray() }), Throws.ArgumentException);
    }

    [Test, CancelAfter(60_000)]
    public async Task A_sequence_stops_with_length_when_its_cache_row_is_full()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), context: 16);

        var result = await worker.Submit(new GenerationRequest { PromptTokens = Enumerable.Range(1, 10).ToArray(), MaxNewTokens = 100 }).Result;

        Assert.That(result.FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
        Assert.That(result.CompletionTokens, Is.LessThanOrEqualTo(7)); // 16 positions: 10 prompt + 6 fed + the last chosen
    }

    [Test, CancelAfter(60_000)]
    public async Task A_step_that_fails_fails_its_request_with_an_error_and_the_worker_keeps_serving()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 2);
        var healthy = worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 30 });

        // Token 9999 is outside the small model's vocabulary: its prefill throws inside libtorch.
        var broken = await worker.Submit(new GenerationRequest { PromptTokens = [1, 9999, 3], MaxNewTokens = 5 }).Result;
        var after = await worker.Submit(new GenerationRequest { PromptTokens = [4, 5, 6], MaxNewTokens = 5 }).Result;

        Assert.That(broken.FinishReason, Is.EqualTo(FinishReason.Error));
        Assert.That(broken.Error, Is.Not.Empty);
        Assert.That((await healthy.Result).FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
        Assert.That(after.FinishReason, Is.AnyOf(FinishReason.Length, FinishReason.Eos));
    }

    [Test, CancelAfter(60_000)]
    public async Task Sampling_settings_the_sampler_refuses_fail_that_request_and_free_nothing_held()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 1);
        await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 2, Key = "castle" }).Result;

        var refused = await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3, 4], Key = "castle", Sampling = new() { Temperature = -1 } }).Result;
        var next = await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3, 4], MaxNewTokens = 2, Key = "castle" }).Result;

        Assert.That(refused.FinishReason, Is.EqualTo(FinishReason.Error));
        Assert.That(refused.Error, Does.Contain("Temperature"));
        Assert.That(next.PromptTokensReused, Is.EqualTo(3), "the story's cached prefix survived the refused request");
    }
}
