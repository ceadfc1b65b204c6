using AdventureServer.Inference.Serving.Scheduling;
using static AdventureServer.Inference.Tests.Serving.Scheduling.Plans;

namespace AdventureServer.Inference.Tests.Serving.Scheduling;

public class SchedulerBudgetTests
{
    [Test]
    public void Every_decoding_row_decodes_each_step_in_row_order()
    {
        var plan = Scheduler(slots: 4).Plan(State(4, decoding: [7, 3, 5]));

        Assert.That(plan.Decode, Is.EqualTo(new long[] { 7, 3, 5 }));
        Assert.That(plan.Chunks, Is.Empty);
    }

    [Test]
    public void Under_a_budget_a_step_carries_the_decoding_rows_and_a_chunk_of_one_prompt_within_the_budget()
    {
        var prefilling = new[] { new PrefillingRequest(10, 100, 0), new PrefillingRequest(11, 20, 0) };

        var plan = Scheduler(slots: 8, budget: 32).Plan(State(8, decoding: [1, 2, 3, 4, 5], prefilling: prefilling));

        Assert.That(plan.Tokens, Is.LessThanOrEqualTo(32));
        Assert.That(plan.Chunks.Select(c => c.Id), Is.EqualTo(new long[] { 10 }), "one prompt a step under a budget");
        Assert.That(plan.Chunks[0].Count, Is.EqualTo(25)); // 100 in 4 equal chunks of at most 27
    }

    [Test]
    public void The_cpus_budget_cuts_a_prompt_beside_eight_decoding_rows_into_equal_chunks_and_takes_it_whole_when_nobody_decodes()
    {
        var defaults = new InferenceOptions();
        var scheduler = Scheduler(slots: 9, chunk: defaults.PrefillChunkTokens, budget: InferenceOptions.CpuStepTokenBudget);
        var arriving = new PrefillingRequest(90, 128, 0);

        var busy = scheduler.Plan(State(9, decoding: Enumerable.Range(1, 8).Select(i => (long)i), prefilling: [arriving]));
        var quiet = scheduler.Plan(State(9, prefilling: [arriving]));

        Assert.That(busy.Chunks.Single().Count, Is.EqualTo(22), "128 in 6 equal chunks of at most 32 − 8");
        Assert.That(busy.Tokens, Is.LessThanOrEqualTo(InferenceOptions.CpuStepTokenBudget));
        Assert.That(quiet.Chunks.Single().Count, Is.EqualTo(128), "nobody waits on the step");
    }

    [Test]
    public void Under_a_budget_a_crowded_step_still_carries_the_smallest_chunk()
    {
        var plan = Scheduler(slots: 40, budget: 32).Plan(State(40, decoding: Enumerable.Range(1, 30).Select(i => (long)i), prefilling: [new PrefillingRequest(50, 64, 0)]));

        Assert.That(plan.Chunks.Single().Count, Is.EqualTo(8), "the prompt moves on however many rows decode");
    }

    [Test]
    public void A_long_prompt_is_prefilled_in_chunks_over_several_steps_and_the_last_completes_it()
    {
        var scheduler = Scheduler(slots: 2, chunk: 128);
        var cached = 0;
        var chunks = new List<PlannedChunk>();
        while (cached < 300)
        {
            var chunk = scheduler.Plan(State(2, prefilling: [new PrefillingRequest(1, 300, cached)])).Chunks.Single();
            chunks.Add(chunk);
            cached += chunk.Count;
        }

        Assert.That(chunks.Select(c => (c.Offset, c.Count)), Is.EqualTo(new[] { (0, 128), (128, 128), (256, 44) }));
        Assert.That(chunks.Select(c => c.Completes), Is.EqualTo(new[] { false, false, true }));
    }

    [Test]
    public void Without_a_budget_several_prompts_share_a_step_up_to_its_prefill_limit_in_admission_order()
    {
        var waiting = new[] { Waiting(1, "a", promptLength: 100), Waiting(2, "b", promptLength: 100), Waiting(3, "c", promptLength: 100) };

        var plan = Scheduler(slots: 4, chunk: 128, maxPrefill: 256).Plan(State(4, waiting, decoding: [9]));

        Assert.That(plan.Chunks.Select(c => (c.Id, c.Count)), Is.EqualTo(new[] { (1L, 100), (2L, 100), (3L, 56) }));
        Assert.That(plan.PrefillTokens, Is.EqualTo(256));
        Assert.That(plan.Decode, Is.EqualTo(new long[] { 9 }), "the decode rides along");
    }

    [Test]
    public void A_prompt_admitted_this_step_waits_behind_those_admitted_before()
    {
        var plan = Scheduler(slots: 3, budget: 32).Plan(State(3, [Waiting(5, "b", promptLength: 10)], prefilling: [new PrefillingRequest(4, 90, 30)]));

        Assert.That(plan.Admissions.Single().Id, Is.EqualTo(5));
        Assert.That(plan.Chunks.Single().Id, Is.EqualTo(4));
        Assert.That(plan.Chunks.Single().Offset, Is.EqualTo(30));
    }
}
