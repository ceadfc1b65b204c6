using AdventureServer.Inference.Serving;

namespace AdventureServer.Inference.Tests.Serving;

public class PrefixReuseTests
{
    [Test, CancelAfter(60_000)]
    public async Task The_next_turn_of_a_story_prefills_only_its_new_tokens_and_writes_what_a_cold_run_writes()
    {
        var random = new Random(11);
        var story = TestModels.RandomPrompt(random, 30);
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 2, chunk: 8);
        var first = await worker.Submit(new GenerationRequest { PromptTokens = story, MaxNewTokens = 10, Key = "castle" }).Result;
        Assume.That(first.FinishReason, Is.EqualTo(FinishReason.Length), "the sums below count on the last token being chosen, not fed");
        var action = TestModels.RandomPrompt(random, 5);
        var nextTurn = story.Concat(first.TokenIds).Concat(action).ToArray();
        var prefilledBefore = worker.State.PromptTokensPrefilled;

        var second = await worker.Submit(new GenerationRequest { PromptTokens = nextTurn, MaxNewTokens = 12, Key = "castle" }).Result;

        // The cache holds the story and every generated token but the last (it was chosen, never fed).
        var cached = story.Length + first.TokenIds.Count - 1;
        Assert.That(second.PromptTokensReused, Is.EqualTo(cached));
        Assert.That(worker.State.PromptTokensPrefilled - prefilledBefore, Is.EqualTo(nextTurn.Length - cached));
        Assert.That(worker.State.PromptTokensReused, Is.EqualTo(cached));
        using var model = TestModels.Create();
        Assert.That(second.TokenIds, Is.EqualTo(TestModels.GenerateAlone(model, nextTurn, 12).Tokens));
    }

    [Test, CancelAfter(60_000)]
    public async Task Another_key_reuses_nothing_and_an_evicted_prefix_is_prefilled_again()
    {
        var story = TestModels.RandomPrompt(new Random(5), 20);
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 1);
        await worker.Submit(new GenerationRequest { PromptTokens = story, MaxNewTokens = 3, Key = "castle" }).Result;

        var stranger = await worker.Submit(new GenerationRequest { PromptTokens = story, MaxNewTokens = 3, Key = "swamp" }).Result;
        var evicted = await worker.Submit(new GenerationRequest { PromptTokens = story, MaxNewTokens = 3, Key = "castle" }).Result;

        Assert.That(stranger.PromptTokensReused, Is.Zero);
        Assert.That(evicted.PromptTokensReused, Is.Zero, "the only slot went to the swamp, evicting the castle");
    }
}
