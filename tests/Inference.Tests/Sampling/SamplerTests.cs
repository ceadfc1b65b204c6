using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class SamplerTests
{
    static Tensor Logits(params float[] values) => tensor(values);

    // A draw is keyed by the position it fills (the context's length), so without a given context each draw
    // fills the next position of a growing one.
    static int[] Draw(SamplingSettings settings, Tensor logits, int count, IReadOnlyList<int>? context = null)
    {
        using var sampler = new Sampler(settings);
        return [.. Enumerable.Range(0, count).Select(i => sampler.Next(logits, context ?? new int[i]))];
    }

    [Test]
    public void Greedy_chooses_the_largest_logit()
    {
        using var logits = Logits(0.1f, 2.5f, -1f, 2.4f);

        Assert.That(Draw(SamplingSettings.Greedy, logits, 3), Is.All.EqualTo(1));
    }

    [Test]
    public void A_banned_token_is_never_chosen_even_when_it_is_the_most_likely()
    {
        using var logits = Logits(0.1f, 9f, -1f, 2.4f);

        Assert.That(Draw(SamplingSettings.Greedy with { BannedTokenIds = [1] }, logits, 1), Is.EqualTo(new[] { 3 }));
        Assert.That(Draw(new SamplingSettings { Seed = 3, BannedTokenIds = [1] }, logits, 200), Has.None.EqualTo(1));
    }

    [Test]
    public void The_repetition_penalty_divides_positive_and_multiplies_negative_logits_of_seen_tokens()
    {
        // Token 1 (3.0) beats token 0 (2.0) until penalised: 3.0 / 2 = 1.5 < 2.0.
        using var logits = Logits(2f, 3f, -0.5f, -0.4f);
        var penalised = SamplingSettings.Greedy with { RepetitionPenalty = 2f };

        Assert.That(Draw(penalised, logits, 1, [1]), Is.EqualTo(new[] { 0 }));
        // Negative logits grow more negative: with 0 and 1 banned, -0.4 × 2 = -0.8 loses to -0.5.
        Assert.That(Draw(penalised with { BannedTokenIds = [0, 1] }, logits, 1, [3]), Is.EqualTo(new[] { 2 }));
        Assert.That(logits.data<float>().ToArray(), Is.EqualTo(new[] { 2f, 3f, -0.5f, -0.4f }), "the caller's logits are untouched");
    }

    [Test]
    public void Top_k_only_ever_draws_from_the_k_most_likely_tokens()
    {
        using var logits = Logits(1f, 1.2f, 0.9f, 1.1f, 0.2f, 1.15f);

        var drawn = Draw(new SamplingSettings { Temperature = 2f, TopK = 2, Seed = 11 }, logits, 300);

        Assert.That(drawn.Distinct().Order(), Is.EqualTo(new[] { 1, 5 }));
    }

    [Test]
    public void Top_p_keeps_the_smallest_set_of_tokens_whose_probability_reaches_p()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05: p = 0.7 needs the first two, p = 0.85 the first three.
        using var logits = log(tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f }));

        Assert.That(Draw(new SamplingSettings { TopP = 0.7f, Seed = 5 }, logits, 400).Distinct().Order(), Is.EqualTo(new[] { 0, 1 }));
        Assert.That(Draw(new SamplingSettings { TopP = 0.85f, Seed = 5 }, logits, 400).Distinct().Order(), Is.EqualTo(new[] { 0, 1, 2 }));
    }

    [Test]
    public void Sampling_follows_the_distribution()
    {
        using var logits = log(tensor(new[] { 0.6f, 0.3f, 0.1f }));

        var drawn = Draw(new SamplingSettings { Seed = 17 }, logits, 3000);

        var frequencies = Enumerable.Range(0, 3).Select(id => drawn.Count(d => d == id) / 3000.0).ToArray();
        Assert.That(frequencies, Is.EqualTo(new[] { 0.6, 0.3, 0.1 }).Within(0.04));
    }

    [Test]
    public void A_low_temperature_concentrates_the_draws_on_the_most_likely_token()
    {
        using var logits = Logits(1f, 1.5f, 0.5f);

        var drawn = Draw(new SamplingSettings { Temperature = 0.05f, Seed = 2 }, logits, 200);

        Assert.That(drawn.Count(d => d == 1), Is.GreaterThan(195));
    }

    [Test]
    public void The_same_seed_draws_the_same_tokens_and_another_seed_draws_others()
    {
        using var logits = randn(1000, generator: new Generator(7));
        var settings = new SamplingSettings { Temperature = 1.5f, TopP = 0.95f, TopK = 200, Seed = 42 };

        var first = Draw(settings, logits, 50);
        var again = Draw(settings, logits, 50);
        var other = Draw(settings with { Seed = 43 }, logits, 50);

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void Half_precision_logits_are_sampled_like_float32_ones()
    {
        using var logits = Logits(0.1f, 2.5f, -1f, 2.4f);
        using var bf16 = logits.to(ScalarType.BFloat16);

        Assert.That(Draw(SamplingSettings.Greedy, bf16, 1), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Settings_outside_their_range_are_refused()
    {
        Assert.That(() => new Sampler(new SamplingSettings { Temperature = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Sampler(new SamplingSettings { TopP = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new Sampler(new SamplingSettings { RepetitionPenalty = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
