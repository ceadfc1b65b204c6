using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

public class SeedReplayTests
{
    [Test, CancelAfter(180_000)]
    public async Task A_batched_run_without_seeds_reports_the_seeds_it_drew_and_replaying_them_gives_the_same_text()
    {
        var random = new Random(5);
        var sampling = new SamplingSettings { Temperature = 1f, TopK = 50, BannedTokenIds = [TestModels.Small.EosTokenId] };
        var requests = Enumerable.Range(0, 6).Select(i => new GenerationRequest
        {
            PromptTokens = TestModels.RandomPrompt(random, random.Next(3, 30)),
            MaxNewTokens = 16,
            Sampling = sampling,
            Key = $"story-{i}",
        }).ToArray();
        using var model = TestModels.Create();
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 3);

        var first = await TestModels.SubmitStaggered(worker, requests, random);
        var replayed = await TestModels.SubmitStaggered(worker, requests.Select((r, i) => r with { Sampling = sampling with { Seed = first[i].Result.Seed } }).Reverse(), random);
        Array.Reverse(replayed);

        Assert.That(first.Select(r => r.Result.Seed).Distinct().Count(), Is.EqualTo(requests.Length), "each request drew its own seed");
        var generator = new Gpt2Generator(model, Gpt2Tokenizer.Shared);
        for (var i = 0; i < requests.Length; i++)
        {
            Assert.That(replayed[i].Text, Is.EqualTo(first[i].Text), $"request {i}, replayed through the worker in another batch");
            Assert.That(replayed[i].Result.Seed, Is.EqualTo(first[i].Result.Seed));
            var alone = generator.Generate(requests[i].PromptTokens!, sampling with { Seed = first[i].Result.Seed }, [], requests[i].MaxNewTokens);
            Assert.That(alone.Text, Is.EqualTo(first[i].Text), $"request {i}, replayed alone on the sequential path");
        }
    }
}
