using AdventureServer.Inference.Serving.Batching;
using AdventureServer.Inference.Serving.Scheduling;

namespace AdventureServer.Inference.Tests.Serving;

public class DecodeShapeTests
{
    [TestCase(1, 1)]
    [TestCase(2, 2)]
    [TestCase(3, 4)]
    [TestCase(5, 8)]
    [TestCase(9, 12)]
    [TestCase(12, 12)]
    public void Bucketed_batches_round_up_to_a_power_of_two_within_the_slots(int batch, int expected)
    {
        var buckets = new DecodeBuckets(slots: 12, capacity: 1024, padded: true);

        Assert.That(buckets.For(batch, 10).Batch, Is.EqualTo(expected));
    }

    [TestCase(1, 256)]
    [TestCase(256, 256)]
    [TestCase(257, 512)]
    [TestCase(700, 1000)]
    public void Bucketed_lengths_round_up_from_256_by_doubling_within_the_capacity(int length, int expected)
    {
        var buckets = new DecodeBuckets(slots: 4, capacity: 1000, padded: true);

        Assert.That(buckets.For(1, length).Length, Is.EqualTo(expected));
    }

    [Test]
    public void Without_buckets_a_step_runs_at_exactly_the_shape_it_needs()
    {
        var buckets = new DecodeBuckets(slots: 12, capacity: 1024, padded: false);

        Assert.That(buckets.For(5, 300), Is.EqualTo((5, 300)));
    }

    [Test]
    public void A_shape_outside_the_pool_is_refused()
    {
        var buckets = new DecodeBuckets(slots: 4, capacity: 128, padded: true);

        Assert.That(() => buckets.For(5, 10), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => buckets.For(1, 129), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0, 64)]
    [TestCase(1, 31)]
    [TestCase(8, 24)]
    [TestCase(30, 8)]
    public void Prompt_tokens_shrink_to_what_the_step_budget_leaves_while_others_decode(int decoding, int expected)
    {
        var settings = Scheduling(chunkTokens: 64, stepTokenBudget: 32);

        Assert.That(settings.PrefillRoom(decoding), Is.EqualTo(expected));
    }

    [TestCase(128, 31, 26)] // 26, 26, 26, 25, 25: five steps, as 31, 31, 31, 31, 4 would take
    [TestCase(103, 31, 26)] // 26, 26, 26, 25
    [TestCase(25, 31, 25)]
    [TestCase(62, 31, 31)]
    [TestCase(200, 128, 100)] // nobody decoding: the chunk limit is the room
    public void Under_a_budget_a_prompt_is_cut_into_equal_chunks_in_as_few_steps_as_the_room_allows(int remaining, int room, int expected)
    {
        var settings = Scheduling(chunkTokens: 128, stepTokenBudget: 32);

        Assert.That(settings.ChunkFor(remaining, room), Is.EqualTo(expected));
    }

    [Test]
    public void Without_a_budget_a_prompt_is_cut_into_whole_chunks()
    {
        var settings = Scheduling(chunkTokens: 128, stepTokenBudget: 0);

        Assert.That(settings.ChunkFor(300, 2048), Is.EqualTo(128));
        Assert.That(settings.ChunkFor(300, 100), Is.EqualTo(100));
    }

    [Test]
    public void Without_a_budget_a_step_may_prefill_several_prompts()
    {
        var settings = Scheduling(chunkTokens: 64, stepTokenBudget: 0);

        Assert.That(settings.PrefillRoom(20), Is.EqualTo(2048));
    }

    /// <summary>A pool of 32 rows of 1024 positions, prompt chunks of at least 8 tokens and at most 2048 a step.</summary>
    static EngineSettings Scheduling(int chunkTokens, int stepTokenBudget) =>
        new(Slots: 32, Capacity: 1024, ChunkTokens: chunkTokens, StepTokenBudget: stepTokenBudget, MinChunkTokens: 8, MaxPrefillTokens: 2048, PadDecodeSteps: false);
}
