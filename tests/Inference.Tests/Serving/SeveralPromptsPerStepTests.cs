using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;

namespace AdventureServer.Inference.Tests.Serving;

public class SeveralPromptsPerStepTests
{
    // No step token budget, as on a GPU: a step prefills chunks of every waiting prompt it has room for.
    static InferenceWorker Worker(int maxPrefillTokens) => new(TestModels.Create(), Gpt2Tokenizer.Shared, new InferenceOptions
    {
        MaxConcurrentSequences = 6,
        PrefillChunkTokens = 16,
        StepTokenBudget = 0,
        MaxPrefillTokensPerStep = maxPrefillTokens,
        MaxContext = 128,
    }, "test-gpt2");

    [Test, CancelAfter(120_000)]
    public async Task Prompts_prefilled_together_give_each_request_the_tokens_it_gets_alone()
    {
        var random = new Random(21);
        var requests = Enumerable.Range(0, 10)
            .Select(i => new GenerationRequest { PromptTokens = TestModels.RandomPrompt(random, random.Next(1, 70)), MaxNewTokens = random.Next(3, 40), Key = $"a-{i}" })
            .ToArray();
        using var model = TestModels.Create();
        var expected = requests.Select(r => TestModels.GenerateAlone(model, r.PromptTokens!, r.MaxNewTokens)).ToArray();
        // 40 tokens a step: chunks of up to 16 from up to three prompts, some split across steps.
        await using var worker = Worker(maxPrefillTokens: 40);

        var results = await TestModels.SubmitStaggered(worker, requests, random, maxGapMs: 5);

        for (var i = 0; i < requests.Length; i++)
            Assert.That(results[i].Result.TokenIds, Is.EqualTo(expected[i].Tokens), $"request {i}");
    }

    [Test, CancelAfter(60_000)]
    public async Task Players_starting_together_get_their_first_tokens_in_the_same_few_steps()
    {
        var random = new Random(4);
        await using var worker = Worker(maxPrefillTokens: 2048);
        await TestModels.ReadAll(worker.Submit(new GenerationRequest { PromptTokens = [1, 2, 3], MaxNewTokens = 1 }));
        var before = await StepsOnceIdle(worker);

        var results = await Task.WhenAll(Enumerable.Range(0, 6)
            .Select(_ => TestModels.ReadAll(worker.Submit(new GenerationRequest { PromptTokens = TestModels.RandomPrompt(random, 12), MaxNewTokens = 1 })))
            .ToArray());

        Assert.That(results.Select(r => r.Result.CompletionTokens), Is.All.EqualTo(1));
        Assert.That(await StepsOnceIdle(worker) - before, Is.LessThanOrEqualTo(4), "six prompts, one per step, would take six steps");
    }

    // A result is set inside its step and the step is counted after it: wait until the count settles.
    static async Task<long> StepsOnceIdle(InferenceWorker worker)
    {
        var steps = worker.Steps;
        while (true)
        {
            await Task.Delay(50);
            if (worker.Steps == steps)
                return steps;
            steps = worker.Steps;
        }
    }
}
