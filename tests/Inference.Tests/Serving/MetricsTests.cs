using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class MetricsTests
{
    [Test, CancelAfter(60_000)]
    public async Task The_worker_reports_first_token_time_gaps_between_tokens_and_tokens_generated()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == InferenceInstruments.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.SetMeasurementEventCallback<int>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.Start();
        await using var worker = TestModels.Worker(TestModels.Create());

        var result = await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 6 }).Result;
        // The step's totals are published as the step ends, just after the result is handed over.
        await Eventually(() => measurements.Where(m => m.Name == InferenceInstruments.TokensGenerated).Sum(m => m.Value) >= 6);
        listener.RecordObservableInstruments();
        var state = worker.State;

        Assume.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
        var names = measurements.Select(m => m.Name).ToList();
        Assert.That(names.Count(n => n == InferenceInstruments.TimeToFirstToken), Is.EqualTo(1));
        Assert.That(names.Count(n => n == InferenceInstruments.TimeBetweenTokens), Is.EqualTo(5));
        Assert.That(names.Count(n => n == InferenceInstruments.QueueTime), Is.EqualTo(1));
        Assert.That(measurements.Where(m => m.Name == InferenceInstruments.TokensGenerated).Sum(m => m.Value), Is.EqualTo(6));
        Assert.That(names, Does.Contain(InferenceInstruments.BatchSize).And.Contain(InferenceInstruments.QueueLength).And.Contain(InferenceInstruments.KvCacheUse));
        Assert.That(state.TimeToFirstTokenP50Ms, Is.GreaterThan(0));
        Assert.That(state.TokensPerSecond, Is.GreaterThan(0));
        Assert.That(state.CacheUsedPositions, Is.EqualTo(0), "a request without a key leaves nothing cached");
        Assert.That(state.CacheCapacityPositions, Is.EqualTo(4 * 128));
    }

    [Test, CancelAfter(60_000)]
    public async Task The_dashboard_sees_the_cache_a_story_keeps_for_its_next_turn()
    {
        await using var worker = TestModels.Worker(TestModels.Create());

        var result = await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 6, Key = "castle" }).Result;
        // Published as the step that finished it ends, after the result is handed over: until then the snapshot is
        // the step before's (7 positions, the sequence still live), so wait for the finishing step's rather than any.
        await Eventually(() => worker.State.CacheUsedPositions == 3 + 6 - 1);

        Assume.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
        Assert.That(worker.State.CacheUsedPositions, Is.EqualTo(3 + 6 - 1));
        Assert.That(worker.State.CacheUse, Is.EqualTo((3 + 6 - 1) / (4.0 * 128)));
    }

    [Test, CancelAfter(60_000)]
    public async Task A_story_s_second_turn_counts_its_cached_prefix_as_reused_prompt_tokens()
    {
        var measurements = new ConcurrentQueue<(string Name, long Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name is InferenceInstruments.PromptTokensPrefilled or InferenceInstruments.PromptTokensReused)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => measurements.Enqueue((i.Name, v)));
        listener.Start();
        await using var worker = TestModels.Worker(TestModels.Create());
        long Sum(string name) => measurements.Where(m => m.Name == name).Sum(m => m.Value);

        var first = await worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3, 4], MaxNewTokens = 4, Key = "castle" }).Result;
        var prompt = new[] { 1, 2, 3, 4 }.Concat(first.TokenIds).Append(9).ToArray(); // the story so far and a new action
        var second = await worker.Submit(new GenerationRequest { PromptTokens = prompt, MaxNewTokens = 4, Key = "castle" }).Result;

        Assume.That(second.PromptTokensReused, Is.GreaterThan(0));
        Assert.That(Sum(InferenceInstruments.PromptTokensReused), Is.EqualTo(second.PromptTokensReused));
        Assert.That(Sum(InferenceInstruments.PromptTokensPrefilled), Is.EqualTo(4 + prompt.Length - second.PromptTokensReused));
    }

    static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
            await Task.Delay(5);
    }
}
