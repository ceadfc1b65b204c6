using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class WarmUpTests
{
    [Test, CancelAfter(60_000)]
    public async Task The_worker_runs_its_step_shapes_before_serving_and_what_they_wrote_changes_no_token()
    {
        var random = new Random(11);
        var requests = Enumerable.Range(0, 6)
            .Select(i => new GenerationRequest { PromptTokens = TestModels.RandomPrompt(random, random.Next(2, 40)), MaxNewTokens = 20, Key = $"story-{i}" })
            .ToArray();
        using var model = TestModels.Create();
        var expected = requests.Select(r => TestModels.GenerateAlone(model, r.PromptTokens!, r.MaxNewTokens)).ToArray();
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 4, chunk: 8);

        var results = await TestModels.SubmitStaggered(worker, requests, random);

        Assert.That(worker.WarmUpTime, Is.GreaterThan(TimeSpan.Zero), "the shapes ran at start");
        for (var i = 0; i < requests.Length; i++)
            Assert.That(results[i].Result.TokenIds, Is.EqualTo(expected[i].Tokens), $"request {i}");
    }

    [Test, CancelAfter(60_000)]
    public async Task With_the_warm_up_turned_off_the_worker_reports_none()
    {
        using var model = TestModels.Create();
        await using var worker = new InferenceWorker(model, AdventureServer.Inference.Text.Gpt2Tokenizer.Shared,
            new InferenceOptions { MaxConcurrentSequences = 2, MaxContext = 64, WarmUpShapes = false }, "test", ownsModel: false);

        await TestModels.ReadAll(worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 2 }));

        Assert.That(worker.WarmUpTime, Is.EqualTo(TimeSpan.Zero));
    }
}
