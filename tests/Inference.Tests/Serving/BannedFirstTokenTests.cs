using AdventureServer.Inference.Generation;
using AdventureServer.Inference.Model;
using AdventureServer.Inference.Sampling;
using AdventureServer.Inference.Serving;
using AdventureServer.Inference.Text;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Serving;

public class BannedFirstTokenTests
{
    const int Favoured = 42;
    static readonly SamplingSettings[] Settings =
    [
        SamplingSettings.Greedy with { BannedTokenIds = [TestModels.Small.EosTokenId] },
        .. Enumerable.Range(1, 5).Select(seed => new SamplingSettings { Temperature = 1f, Seed = seed, BannedTokenIds = [TestModels.Small.EosTokenId] }),
    ];

    /// <summary>
    /// A model that writes <see cref="Favoured"/> whatever it reads: the final LayerNorm's gain is zero and its bias is
    /// that token's (tied) embedding, scaled, so every position's logits put it far ahead of the rest.
    /// </summary>
    static Gpt2Model FavouringOneToken()
    {
        var model = new Gpt2Model(TestModels.Small).InitialiseRandomly(3);
        using (no_grad())
        {
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            parameters["ln_f.weight"].zero_();
            parameters["ln_f.bias"].copy_(parameters["wte.weight"][Favoured] * 2000);
        }
        return model.PrepareForInference();
    }

    static GenerationRequest Request(SamplingSettings sampling, int i) => new()
    {
        PromptTokens = TestModels.RandomPrompt(new Random(i), 6),
        Sampling = sampling,
        MaxNewTokens = 6,
        Key = $"story-{i}",
        BannedFirstTokens = new HashSet<int> { Favoured },
    };

    [Test, CancelAfter(120_000)]
    public async Task Through_the_worker_the_first_token_is_never_a_banned_one_and_later_tokens_may_be()
    {
        var requests = Settings.Select(Request).ToArray();
        await using var worker = TestModels.Worker(FavouringOneToken(), slots: 3);

        var unbanned = await TestModels.ReadAll(worker.Submit(requests[0] with { BannedFirstTokens = null }));
        var results = await Task.WhenAll(requests.Select(r => TestModels.ReadAll(worker.Submit(r))));

        Assert.That(unbanned.Result.TokenIds, Is.All.EqualTo(Favoured), "the model favours the token everywhere");
        foreach (var (_, result) in results)
        {
            Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Length));
            Assert.That(result.TokenIds[0], Is.Not.EqualTo(Favoured));
            Assert.That(result.TokenIds.Skip(1), Is.All.EqualTo(Favoured), "only the first token is banned");
        }
    }

    [Test]
    public void The_sequential_generator_bans_the_same_first_token_and_chooses_what_the_worker_chooses()
    {
        using var model = FavouringOneToken();
        var generator = new Gpt2Generator(model, Gpt2Tokenizer.Shared);

        foreach (var (sampling, i) in Settings.Select((s, i) => (s, i)))
        {
            var request = Request(sampling, i);
            var summary = generator.Generate(request.PromptTokens!, sampling, [], request.MaxNewTokens, bannedFirstTokens: request.BannedFirstTokens);

            Assert.That(summary.Tokens[0], Is.Not.EqualTo(Favoured));
            Assert.That(summary.Tokens.Skip(1), Is.All.EqualTo(Favoured));
        }
    }

    [Test, CancelAfter(60_000)]
    public async Task A_banned_first_token_outside_the_vocabulary_fails_the_request_with_the_reason()
    {
        await using var worker = TestModels.Worker(TestModels.Create(), slots: 2);

        var (text, result) = await TestModels.ReadAll(worker.Submit(new GenerationRequest { PromptTokens = [1, 2], BannedFirstTokens = new HashSet<int> { 100_000 } }));

        Assert.That(result.FinishReason, Is.EqualTo(FinishReason.Error));
        Assert.That(result.Error, Does.Contain("Banned first tokens"));
        Assert.That(text, Is.Empty);
    }
}
