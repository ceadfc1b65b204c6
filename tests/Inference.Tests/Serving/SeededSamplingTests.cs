using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

public class SeededSamplingTests
{
    static readonly SamplingSettings[] Settings =
    [
        new() { Temperature = 0.9f, Seed = 1 },
        new() { Temperature = 1.2f, TopK = 20, Seed = 2 },
        new() { Temperature = 0.8f, TopP = 0.9f, Seed = 3 },
        new() { Temperature = 1f, TopK = 40, TopP = 0.95f, RepetitionPenalty = 1.3f, Seed = 4 },
        new() { Temperature = 0.7f, BannedTokenIds = [1, 2, 3, 50], Seed = 5 },
        SamplingSettings.Greedy with { RepetitionPenalty = 1.5f },
    ];

    // Decode steps at exact shapes (the CPU's eager path), and padded to buckets as CUDA graphs run them:
    // lengths past 256 put some steps in the second length bucket.
    [TestCase(false), CancelAfter(180_000)]
    [TestCase(true)]
    public async Task Seeded_sampling_through_the_worker_draws_what_the_single_sequence_path_draws(bool padded)
    {
        var config = TestModels.Small with { NPositions = 320 };
        var random = new Random(11);
        var requests = Enumerable.Range(0, 9)
            .Select(i => new GenerationRequest
            {
                PromptTokens = TestModels.RandomPrompt(random, i % 3 == 0 ? random.Next(240, 270) : random.Next(1, 40)),
                MaxNewTokens = random.Next(10, 40),
                Sampling = Settings[i % Settings.Length],
                Key = $"adventure-{i}",
            })
            .ToArray();
        using var model = TestModels.Create(config: config);
        var generator = new Gpt2Generator(model, Gpt2Tokenizer.Shared);
        var expected = requests.Select(r => generator.Generate(r.PromptTokens!, r.Sampling, [], r.MaxNewTokens)).ToArray();
        await using var worker = new InferenceWorker(TestModels.Create(config: config), Gpt2Tokenizer.Shared, new InferenceOptions
        {
            MaxConcurrentSequences = 3,
            PrefillChunkTokens = 16,
            MaxContext = config.NPositions,
            PadDecodeSteps = padded,
        }, "test-gpt2");

        var results = await TestModels.SubmitStaggered(worker, requests, random);

        for (var i = 0; i < requests.Length; i++)
            Assert.That(results[i].Result.TokenIds, Is.EqualTo(expected[i].Tokens), $"request {i} ({requests[i].Sampling})");
        Assert.That(expected.Select(e => string.Join(',', e.Tokens)).Distinct().Count(), Is.EqualTo(requests.Length), "every request drew its own tokens");

        // The next turn of the last stories: the story so far and a new action under the same key, so the worker
        // reuses a cached prefix (the three rows hold the three stories that ended last, and a turn without one
        // would evict one); the seen tokens and the draws' positions must carry on as if the story ran whole.
        var nextTurns = new[] { 8, 7 }.Select(i => requests[i] with
        {
            PromptTokens = [.. requests[i].PromptTokens!, .. results[i].Result.TokenIds, .. TestModels.RandomPrompt(random, 5)],
            MaxNewTokens = 12,
            Sampling = Settings[i == 8 ? 3 : 5], // repetition penalties, over the reused story too
        }).ToArray();
        var nextExpected = nextTurns.Select(r => generator.Generate(r.PromptTokens!, r.Sampling, [], r.MaxNewTokens)).ToArray();

        var nextResults = await Task.WhenAll(nextTurns.Select(r => TestModels.ReadAll(worker.Submit(r))));

        for (var i = 0; i < nextTurns.Length; i++)
            Assert.That(nextResults[i].Result.TokenIds, Is.EqualTo(nextExpected[i].Tokens), $"next turn {i} ({nextTurns[i].Sampling})");
        Assert.That(nextResults.Count(r => r.Result.PromptTokensReused > 0), Is.GreaterThanOrEqualTo(1), "turns reused their story's cache");
    }
}
