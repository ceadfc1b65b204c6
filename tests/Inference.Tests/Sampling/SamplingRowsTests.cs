using AdventureServer.Inference.Sampling;
using static TorchSharp.torch;

namespace AdventureServer.Inference.Tests.Sampling;

public class SamplingRowsTests
{
    static readonly SamplingSettings Everything = new() { Temperature = 0.7f, TopK = 3, TopP = 0.9f, RepetitionPenalty = 1.3f, BannedTokenIds = [2] };
    const SamplingFeatures EverythingNeeds = SamplingFeatures.Penalties | SamplingFeatures.Sampling | SamplingFeatures.TopK;

    /// <summary>Row <paramref name="row"/>'s tensors, read back: temperature, top-k, top-p, penalty, seed, banned ids, seen ids.</summary>
    static (float, long, float, float, long, long[], long[]) Read(SamplingRows rows, int row)
    {
        using var scope = NewDisposeScope();
        static long[] Ids(Tensor mask) => nonzero(mask).view(-1).data<long>().ToArray();
        return (rows.Temperature[row].item<float>(), rows.TopK[row].item<long>(), rows.TopP[row].item<float>(),
            rows.RepetitionPenalty[row].item<float>(), rows.Seed[row].item<long>(), Ids(rows.Banned[row]), Ids(rows.Seen[row]));
    }

    static readonly (float, long, float, float, long, long[], long[]) Cleared = (0f, 0L, 1f, 1f, 0L, [], []);

    [Test]
    public void Setting_a_row_stores_its_settings_and_marks_its_context_as_seen_ignoring_ids_outside_the_vocabulary()
    {
        using var rows = new SamplingRows(3, 10);

        rows.Set(1, Everything, seed: -5, [4, 4, 7, 10, -1]);

        Assert.That(Read(rows, 1), Is.EqualTo((0.7f, 3L, 0.9f, 1.3f, -5L, new long[] { 2 }, new long[] { 4, 7 })));
        Assert.That(Read(rows, 0), Is.EqualTo(Cleared));
    }

    [Test]
    public void Swap_carries_settings_bans_and_seen_tokens_with_the_row()
    {
        using var rows = new SamplingRows(3, 10);
        rows.Set(0, Everything, seed: 5, [4]);
        rows.Set(2, SamplingSettings.Greedy, seed: 6, [1]);
        var (first, third) = (Read(rows, 0), Read(rows, 2));

        rows.Swap(0, 2);

        Assert.That(Read(rows, 2), Is.EqualTo(first));
        Assert.That(Read(rows, 0), Is.EqualTo(third));
        Assert.That(rows.FeaturesOf(1), Is.EqualTo(SamplingFeatures.None));
        Assert.That(rows.FeaturesOf(3), Is.EqualTo(EverythingNeeds));
    }

    [Test]
    public void Move_carries_the_row_and_clears_the_place_it_left()
    {
        using var rows = new SamplingRows(3, 10);
        rows.Set(2, Everything, seed: 5, [4]);
        var moving = Read(rows, 2);

        rows.Move(2, 0);

        Assert.That(Read(rows, 0), Is.EqualTo(moving));
        Assert.That(Read(rows, 2), Is.EqualTo(Cleared));
        Assert.That(rows.FeaturesOf(1), Is.EqualTo(EverythingNeeds));
    }

    [Test]
    public void Clear_makes_a_row_greedy_again_with_nothing_banned_or_seen()
    {
        using var rows = new SamplingRows(2, 10);
        rows.Set(0, Everything, seed: 5, [4]);

        rows.Clear(0);

        Assert.That(Read(rows, 0), Is.EqualTo(Cleared));
        Assert.That(rows.FeaturesOf(2), Is.EqualTo(SamplingFeatures.None));
    }

    [Test]
    public void MarkSeen_marks_the_chosen_token_of_each_of_the_first_rows()
    {
        using var rows = new SamplingRows(3, 10);
        rows.Set(0, SamplingSettings.Greedy, seed: 0, [1]);
        using var chosen = tensor(new long[] { 6, 9 });

        rows.MarkSeen(chosen);

        Assert.That(Read(rows, 0).Item7, Is.EqualTo(new long[] { 1, 6 }));
        Assert.That(Read(rows, 1).Item7, Is.EqualTo(new long[] { 9 }));
        Assert.That(Read(rows, 2).Item7, Is.Empty);
    }

    [Test]
    public void Features_say_what_the_first_rows_need()
    {
        const SamplingFeatures drawing = SamplingFeatures.Penalties | SamplingFeatures.Sampling;
        using var rows = new SamplingRows(6, 100);
        rows.Set(0, SamplingSettings.Greedy with { TopK = 5, TopP = 0.5f }, seed: 0, []);
        rows.Set(1, SamplingSettings.Greedy with { BannedTokenIds = [3] }, seed: 0, []);
        rows.Set(2, new SamplingSettings { TopK = 40, TopP = 0.9f }, seed: 0, []);
        rows.Set(3, new SamplingSettings { TopK = 99 }, seed: 0, []);
        rows.Set(4, new SamplingSettings { TopK = 100 }, seed: 0, []);
        rows.Set(5, new SamplingSettings { TopP = 0.9f }, seed: 0, []);

        Assert.That(rows.FeaturesOf(1), Is.EqualTo(SamplingFeatures.None), "top-k and top-p mean nothing to a greedy row");
        Assert.That(rows.FeaturesOf(2), Is.EqualTo(SamplingFeatures.Penalties));
        Assert.That(rows.FeaturesOf(4), Is.EqualTo(drawing | SamplingFeatures.TopK), "a top-p among the top k needs no full sort");
        Assert.That(rows.CandidateWidth(0, 4), Is.EqualTo(99), "the greedy row's top-k does not count");
        Assert.That(rows.FeaturesOf(5), Is.EqualTo(drawing | SamplingFeatures.TopK), "a top-k as wide as the vocabulary keeps everything");
        Assert.That(rows.CandidateWidth(0, 5), Is.EqualTo(100));
        Assert.That(rows.FeaturesOf(6), Is.EqualTo(SamplingFeatures.All));
        rows.Clear(2);
        rows.Clear(3);
        Assert.That(rows.FeaturesOf(6), Is.EqualTo(drawing | SamplingFeatures.Nucleus));
    }

    static IEnumerable<TestCaseData> OutOfRange() =>
    [
        new TestCaseData(new SamplingSettings { Temperature = -1 }).SetArgDisplayNames("temperature -1"),
        new TestCaseData(new SamplingSettings { Temperature = float.NaN }).SetArgDisplayNames("temperature NaN"),
        new TestCaseData(new SamplingSettings { TopP = 0 }).SetArgDisplayNames("top-p 0"),
        new TestCaseData(new SamplingSettings { TopP = 1.5f }).SetArgDisplayNames("top-p 1.5"),
        new TestCaseData(new SamplingSettings { TopK = -1 }).SetArgDisplayNames("top-k -1"),
        new TestCaseData(new SamplingSettings { RepetitionPenalty = 0 }).SetArgDisplayNames("penalty 0"),
        new TestCaseData(new SamplingSettings { TopP = float.NaN }).SetArgDisplayNames("top-p NaN"),
        new TestCaseData(new SamplingSettings { RepetitionPenalty = float.NaN }).SetArgDisplayNames("penalty NaN"),
        new TestCaseData(new SamplingSettings { RepetitionPenalty = float.PositiveInfinity }).SetArgDisplayNames("penalty infinite"),
    ];

    [TestCaseSource(nameof(OutOfRange))]
    public void Settings_outside_their_range_are_refused_as_the_sampler_refuses_them(SamplingSettings settings)
    {
        using var rows = new SamplingRows(1, 10);
        var sampler = Assert.Throws<ArgumentOutOfRangeException>(() => new Sampler(settings));

        Assert.That(() => rows.Set(0, settings, seed: 0, []), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.EqualTo(sampler!.Message));
    }

    [Test]
    public void Banned_ids_outside_the_vocabulary_are_refused_with_the_vocabulary_in_the_message()
    {
        using var rows = new SamplingRows(1, 10);

        Assert.That(() => rows.Set(0, SamplingSettings.Greedy with { BannedTokenIds = [10] }, seed: 0, []),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("[0, 10)"));
        Assert.That(() => rows.Set(0, SamplingSettings.Greedy with { BannedTokenIds = [-1] }, seed: 0, []),
            Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Rows_outside_the_capacity_are_refused()
    {
        using var rows = new SamplingRows(2, 10);

        Assert.That(() => rows.Set(2, SamplingSettings.Greedy, seed: 0, []), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => rows.Swap(0, -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => rows.FeaturesOf(3), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => rows.MarkSeen(zeros(3, ScalarType.Int64)), Throws.ArgumentException);
    }
}
