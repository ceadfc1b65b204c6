using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class BatchSamplerTests
{
    static readonly SamplingSettings Drawing = new() { Temperature = 1f };

    /// <summary>Rows with these settings (seed = index + <paramref name="firstSeed"/>) and no context.</summary>
    static SamplingRows Rows(long vocabulary, IReadOnlyList<SamplingSettings> settings, long firstSeed = 0)
    {
        var rows = new SamplingRows(settings.Count, vocabulary);
        for (var row = 0; row < settings.Count; row++)
            rows.Set(row, settings[row], firstSeed + row, []);
        return rows;
    }

    static long[] Choose(Tensor logits, SamplingRows rows, long[] positions, SamplingFeatures? features = null)
    {
        using var scope = NewDisposeScope();
        var batch = (int)logits.shape[0];
        return BatchSampler.Choose(logits, tensor(positions), rows, features ?? rows.FeaturesOf(batch)).data<long>().ToArray();
    }

    static long[] Choose(Tensor logits, SamplingRows rows, long position = 0, SamplingFeatures? features = null) =>
        Choose(logits, rows, Enumerable.Repeat(position, (int)logits.shape[0]).ToArray(), features);

    static Tensor Logits(long batch, long vocabulary, int seed) => randn(batch, vocabulary, generator: new TorchSharp.torch.Generator((ulong)seed));

    static long[] Argmax(Tensor logits) => logits.argmax(1).data<long>().ToArray();

    [Test]
    public void Greedy_rows_choose_the_argmax_even_beside_rows_that_sample()
    {
        using var logits = Logits(6, 50, seed: 1);
        using var rows = Rows(50, [.. Enumerable.Range(0, 6).Select(i => i % 2 == 0 ? SamplingSettings.Greedy : Drawing with { TopK = 10 })]);
        var argmax = Argmax(logits);

        for (var position = 0; position < 5; position++)
        {
            var chosen = Choose(logits, rows, position);
            Assert.That(new[] { chosen[0], chosen[2], chosen[4] }, Is.EqualTo(new[] { argmax[0], argmax[2], argmax[4] }));
        }
    }

    [Test]
    public void Banned_tokens_are_never_chosen_by_greedy_or_sampling_rows()
    {
        using var logits = tensor(new float[] { 10, 10, 1, 2, 0, 1, 0.5f, 1.5f }).expand(64, 8).contiguous();
        using var rows = Rows(8, [SamplingSettings.Greedy with { BannedTokenIds = [0, 1] }, .. Enumerable.Repeat(Drawing with { BannedTokenIds = [0, 1] }, 63)]);

        var chosen = Enumerable.Range(0, 20).SelectMany(position => Choose(logits, rows, position)).ToArray();

        Assert.That(chosen[0], Is.EqualTo(3));
        Assert.That(chosen, Has.None.EqualTo(0).And.None.EqualTo(1));
    }

    [Test]
    public void The_repetition_penalty_follows_the_Hugging_Face_rule_and_bans_hold()
    {
        var random = new Random(5);
        using var logits = Logits(8, 100, seed: 2);
        var argmax = Argmax(logits);
        var settings = SamplingSettings.Greedy with { RepetitionPenalty = 1.8f, BannedTokenIds = [7] };
        using var rows = new SamplingRows(8, 100);
        var contexts = new List<int[]>();
        for (var row = 0; row < 8; row++)
        {
            // The argmax is in every context, so the penalty has something to overturn.
            int[] context = [(int)argmax[row], .. Enumerable.Range(0, 30).Select(_ => random.Next(100))];
            contexts.Add(context);
            rows.Set(row, settings, seed: row, context);
        }

        var chosen = Choose(logits, rows);

        // The rule on the host: a seen token's positive logit is divided by the penalty, a negative one multiplied.
        var values = logits.data<float>().ToArray();
        var expected = Enumerable.Range(0, 8).Select(row =>
        {
            var adjusted = values.Skip(row * 100).Take(100).Select((x, id) =>
                id == 7 ? float.NegativeInfinity : contexts[row].Contains(id) ? (x > 0 ? x / 1.8f : x * 1.8f) : x).ToList();
            return (long)adjusted.IndexOf(adjusted.Max());
        }).ToArray();
        Assert.That(chosen, Is.EqualTo(expected));
        Assert.That(chosen, Is.Not.EqualTo(argmax));
    }

    [Test]
    public void A_token_marked_seen_is_penalised_on_the_next_step()
    {
        // Token 1 (3.0) wins until penalised: 3.0 / 2 = 1.5 loses to token 0 (2.0).
        using var logits = tensor(new float[] { 2f, 3f, -0.5f, -0.4f }).view(1, 4);
        using var rows = Rows(4, [SamplingSettings.Greedy with { RepetitionPenalty = 2f }]);
        using var scope = NewDisposeScope();

        var first = BatchSampler.Choose(logits, tensor(new long[] { 0 }), rows, SamplingFeatures.All);
        rows.MarkSeen(first);
        var second = BatchSampler.Choose(logits, tensor(new long[] { 1 }), rows, SamplingFeatures.All);

        Assert.That(first.item<long>(), Is.EqualTo(1));
        Assert.That(second.item<long>(), Is.EqualTo(0));
    }

    [Test]
    public void Top_k_of_one_chooses_the_argmax()
    {
        using var logits = Logits(16, 200, seed: 3);
        using var rows = Rows(200, [.. Enumerable.Repeat(new SamplingSettings { Temperature = 1.3f, TopK = 1 }, 16)]);

        Assert.That(Choose(logits, rows, position: 4), Is.EqualTo(Argmax(logits)));
    }

    [Test]
    public void Top_k_draws_only_among_the_k_highest_logits_over_many_seeds()
    {
        using var row = Logits(1, 50, seed: 4);
        using var logits = row.expand(256, 50).contiguous();
        using var rows = Rows(50, [.. Enumerable.Repeat(new SamplingSettings { Temperature = 3f, TopK = 5 }, 256)]);
        var highest = row[0].topk(5).indexes.data<long>().ToArray();

        var drawn = Choose(logits, rows, position: 9);

        Assert.That(drawn.Distinct().Order(), Is.EqualTo(highest.Order()));
    }

    [Test]
    public void Top_p_draws_only_from_the_nucleus()
    {
        using var row = Logits(1, 40, seed: 6);
        using var logits = row.expand(256, 40).contiguous();
        using var rows = Rows(40, [.. Enumerable.Repeat(new SamplingSettings { TopP = 0.6f }, 256)]);
        // The nucleus, counted on the host: a token stays while the probability before it is below p.
        var probabilities = row[0].softmax(0).data<float>().ToArray();
        var nucleus = new List<long>();
        var before = 0.0;
        foreach (var (p, id) in probabilities.Select((p, id) => (p, (long)id)).OrderByDescending(t => t.p))
        {
            if (before >= 0.6)
                break;
            nucleus.Add(id);
            before += p;
        }

        var drawn = Choose(logits, rows, position: 2);

        Assert.That(nucleus, Has.Count.InRange(3, 30), "the test's nucleus is neither trivial nor everything");
        Assert.That(drawn.Distinct(), Is.SubsetOf(nucleus));
        Assert.That(drawn.Distinct().Count(), Is.GreaterThan(2));
    }

    [Test]
    public void Top_p_counts_probabilities_among_the_top_k_tokens_as_the_sampler_does()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05. Among the top 3 they are 0.53, 0.32, 0.16: the mass before the
        // third, 0.84, reaches p = 0.83, so it goes; without top-k the mass before it is 0.8 and it stays.
        using var row = log(tensor(new[] { 0.5f, 0.3f, 0.15f, 0.05f })).view(1, 4);
        using var logits = row.expand(400, 4).contiguous();
        using var truncated = Rows(4, [.. Enumerable.Repeat(new SamplingSettings { TopK = 3, TopP = 0.83f }, 400)]);
        using var nucleusOnly = Rows(4, [.. Enumerable.Repeat(new SamplingSettings { TopP = 0.83f }, 400)]);

        Assert.That(Choose(logits, truncated).Distinct().Order(), Is.EqualTo(new long[] { 0, 1 }));
        Assert.That(Choose(logits, nucleusOnly).Distinct().Order(), Is.EqualTo(new long[] { 0, 1, 2 }));
    }

    [Test]
    public void A_row_draws_the_same_tokens_whatever_batch_and_row_index_it_has()
    {
        var settings = new SamplingSettings { Temperature = 1.2f, TopK = 40, TopP = 0.9f, RepetitionPenalty = 1.3f, BannedTokenIds = [3] };
        using var others = Logits(5, 300, seed: 7);
        using var batch = Rows(300, [Drawing, SamplingSettings.Greedy, new SamplingSettings { TopP = 0.5f }, settings, Drawing with { TopK = 2 }], firstSeed: 100);
        batch.Set(3, settings, seed: 42, [1, 2, 5]);
        using var alone = new SamplingRows(1, 300);
        alone.Set(0, settings, seed: 42, [1, 2, 5]);

        for (var position = 10; position < 30; position++)
        {
            long[] positions = [position + 7, 3, position, position, 0];
            var inBatch = Choose(others, batch, positions)[3];
            var byItself = Choose(others[3..4], alone, position)[0];
            Assert.That(byItself, Is.EqualTo(inBatch), $"position {position}");
        }
    }

    [Test]
    public void Different_seeds_draw_different_tokens_over_many_positions()
    {
        using var logits = zeros(100, 100);
        long[] positions = [.. Enumerable.Range(0, 100)];
        using var one = new SamplingRows(100, 100);
        using var other = new SamplingRows(100, 100);
        for (var row = 0; row < 100; row++)
        {
            one.Set(row, Drawing, seed: 1, []);
            other.Set(row, Drawing, seed: 2, []);
        }

        var first = Choose(logits, one, positions);
        var second = Choose(logits, other, positions);

        Assert.That(first.Zip(second).Count(pair => pair.First != pair.Second), Is.GreaterThan(90));
        Assert.That(first.Distinct().Count(), Is.GreaterThan(50), "one seed draws different tokens at different positions");
    }

    [TestCase(1f)]
    [TestCase(2f)]
    public void Draw_frequencies_follow_the_softmax_of_the_tempered_logits(float temperature)
    {
        const int draws = 4000;
        using var row = log(tensor(new[] { 0.5f, 0.25f, 0.15f, 0.1f })).view(1, 4);
        using var logits = row.expand(draws, 4).contiguous();
        using var rows = new SamplingRows(draws, 4);
        for (var i = 0; i < draws; i++)
            rows.Set(i, new SamplingSettings { Temperature = temperature }, seed: 17, []);

        var drawn = Choose(logits, rows, [.. Enumerable.Range(0, draws).Select(i => (long)i)]);

        var expected = (row[0] / temperature).softmax(0).data<float>().ToArray().Select(p => (double)p);
        var frequencies = Enumerable.Range(0, 4).Select(id => drawn.Count(d => d == id) / (double)draws);
        Assert.That(frequencies, Is.EqualTo(expected).Within(0.025));
    }

    static IEnumerable<TestCaseData> Batches()
    {
        yield return new TestCaseData((object)new[] { SamplingSettings.Greedy, SamplingSettings.Greedy }).SetArgDisplayNames("greedy");
        yield return new TestCaseData((object)new[] { SamplingSettings.Greedy with { RepetitionPenalty = 1.5f }, SamplingSettings.Greedy with { BannedTokenIds = [1, 2] } }).SetArgDisplayNames("greedy with penalties");
        yield return new TestCaseData((object)new[] { SamplingSettings.Greedy, Drawing with { Temperature = 0.8f } }).SetArgDisplayNames("sampling");
        yield return new TestCaseData((object)new[] { Drawing with { RepetitionPenalty = 1.2f }, SamplingSettings.Greedy with { BannedTokenIds = [5] } }).SetArgDisplayNames("sampling with penalties");
        yield return new TestCaseData((object)new[] { Drawing with { TopK = 5 }, Drawing with { TopK = 20, TopP = 0.6f }, SamplingSettings.Greedy with { TopP = 0.5f } }).SetArgDisplayNames("top-k");
        yield return new TestCaseData((object)new[] { Drawing with { TopK = 5 }, Drawing }).SetArgDisplayNames("top-k beside a row without");
        yield return new TestCaseData((object)new[] { Drawing with { TopK = 20 }, Drawing with { TopP = 0.7f }, Drawing, SamplingSettings.Greedy }).SetArgDisplayNames("nucleus");
    }

    [TestCaseSource(nameof(Batches))]
    public void The_eager_fast_paths_choose_what_the_full_path_chooses(SamplingSettings[] settings)
    {
        using var logits = Logits(settings.Length, 64, seed: 8);
        using var rows = new SamplingRows(settings.Length, 64);
        for (var row = 0; row < settings.Length; row++)
            rows.Set(row, settings[row], seed: row, [1, 5, 9, (int)Argmax(logits)[row]]);

        for (var position = 0; position < 10; position++)
            Assert.That(Choose(logits, rows, position), Is.EqualTo(Choose(logits, rows, position, SamplingFeatures.All)));
    }

    [Test]
    public void Half_precision_logits_are_chosen_like_their_float32_values()
    {
        using var bf16 = Logits(4, 64, seed: 9).to(ScalarType.BFloat16);
        using var float32 = bf16.to(ScalarType.Float32);
        using var rows = Rows(64, [SamplingSettings.Greedy, Drawing, Drawing with { TopP = 0.8f }, SamplingSettings.Greedy with { RepetitionPenalty = 1.4f }]);

        Assert.That(Choose(bf16, rows, position: 3), Is.EqualTo(Choose(float32, rows, position: 3)));
        Assert.That(Choose(bf16, rows, position: 3, SamplingFeatures.None), Is.EqualTo(Argmax(float32)));
    }

    [Test]
    public void The_callers_logits_are_left_untouched()
    {
        using var logits = Logits(2, 16, seed: 10);
        using var before = logits.clone();
        using var rows = Rows(16, [Drawing with { TopK = 3, RepetitionPenalty = 2f, BannedTokenIds = [0] }, SamplingSettings.Greedy with { BannedTokenIds = [1] }]);

        Choose(logits, rows, position: 1, SamplingFeatures.All);

        Assert.That(logits.equal(before).all().item<bool>(), Is.True);
    }

    [Test]
    public void Logits_or_positions_that_do_not_fit_the_rows_are_refused()
    {
        using var rows = new SamplingRows(2, 16);
        using var scope = NewDisposeScope();

        Assert.That(() => BatchSampler.Choose(zeros(3, 16), zeros(3, ScalarType.Int64), rows, SamplingFeatures.All),
            Throws.ArgumentException.With.Message.Contains("at most 2"));
        Assert.That(() => BatchSampler.Choose(zeros(2, 15), zeros(2, ScalarType.Int64), rows, SamplingFeatures.All),
            Throws.ArgumentException.With.Message.Contains("(B, 16)"));
        Assert.That(() => BatchSampler.Choose(zeros(2, 16), zeros(2, ScalarType.Int32), rows, SamplingFeatures.All),
            Throws.ArgumentException.With.Message.Contains("int64"));
    }
}
