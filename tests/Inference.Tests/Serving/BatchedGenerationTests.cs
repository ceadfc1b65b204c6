using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class BatchedGenerationTests
{
    [Test, CancelAfter(120_000)]
    public async Task Greedy_generation_through_the_worker_equals_each_request_generated_alone()
    {
        var random = new Random(7);
        var requests = Enumerable.Range(0, 12)
            .Select(i => new GenerationRequest
            {
                PromptTokens = TestModels.RandomPrompt(random, random.Next(1, 60)),
                MaxNewTokens = random.Next(3, 60),
                Key = $"adventure-{i}",
            })
            .ToArray();
        using var model = TestModels.Create();
        var expected = requests.Select(r => TestModels.GenerateAlone(model, r.PromptTokens!, r.MaxNewTokens)).ToArray();
        Assert.That(expected.Count(e => e.Tokens.Distinct().Count() > 2), Is.GreaterThanOrEqualTo(requests.Length / 2),
            "the model should write varied tokens, so that equality depends on what attention sees");
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 4, chunk: 8);

        // Requests arrive while others are decoding, more than there are slots, and leave at different lengths.
        using var done = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            var largest = 0;
            while (!done.IsCancellationRequested)
            {
                largest = Math.Max(largest, worker.State.BatchSize);
                await Task.Delay(1);
            }
            return largest;
        });
        var pending = new List<Task<(string Text, GenerationResult Result)>>();
        foreach (var request in requests)
        {
            pending.Add(TestModels.ReadAll(worker.Submit(request)));
            await Task.Delay(random.Next(0, 10));
        }
        var results = await Task.WhenAll(pending);
        done.Cancel();
        var largestBatch = await watcher;

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.That(results[i].Result.TokenIds, Is.EqualTo(expected[i].Tokens), $"request {i}");
            Assert.That(results[i].Text, Is.EqualTo(expected[i].Text), $"request {i} text");
            Assert.That(results[i].Result.FinishReason, Is.EqualTo(expected[i].FinishReason), $"request {i} finish");
        }
        Assert.That(largestBatch, Is.GreaterThan(1), "sequences should have been decoded together");
    }

    [Test, CancelAfter(60_000)]
    public async Task A_stop_sequence_ends_the_generation_and_is_never_streamed()
    {
        var prompt = TestModels.RandomPrompt(new Random(3), 12);
        using var model = TestModels.Create();
        var alone = TestModels.GenerateAlone(model, prompt, 30);
        // A stop text from the middle of what the model writes, so the stream must end there.
        var stop = alone.Text.Substring(alone.Text.Length / 2, 3);
        var expected = alone.Text[..alone.Text.IndexOf(stop, StringComparison.Ordinal)];
        await using var worker = TestModels.Worker(TestModels.Create());

        var (text, result) = await TestModels.ReadAll(worker.Submit(new GenerationRequest { PromptTokens = prompt, MaxNewTokens = 30, StopSequences = [stop] }));

        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Stop));
        Assert.That(text, Is.EqualTo(expected));
        Assert.That(text, Does.Not.Contain(stop));
    }
}
