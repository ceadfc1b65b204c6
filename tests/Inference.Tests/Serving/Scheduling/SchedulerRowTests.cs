using AdventureServer.Inference.Serving.Scheduling;
using static AdventureServer.Inference.Tests.Serving.Scheduling.Plans;

namespace AdventureServer.Inference.Tests.Serving.Scheduling;

public class SchedulerRowTests
{
    [Test]
    public void Requests_take_the_lowest_free_rows()
    {
        var state = new SchedulerState([Waiting(1, "a"), Waiting(2, "b")], [], [], [], [5, 2, 7]);

        var plan = Scheduler(slots: 8).Plan(state);

        Assert.That(plan.Admissions.Select(a => a.Row), Is.EqualTo(new[] { 2, 5 }));
        Assert.That(plan.Admissions.Select(a => a.ReusedTokens), Is.EqualTo(new[] { 0, 0 }));
    }

    [Test]
    public void A_story_s_next_turn_reuses_its_cached_prefix_in_the_row_that_holds_it()
    {
        var story = Prompt(10);
        var nextTurn = new WaitingRequest(1, "a", 0, [.. story, 40, 41]);
        var plan = Scheduler(slots: 4).Plan(State(4, [nextTurn], prefixes: [new CachedPrefix("a", 2, story, LastUsed: 1)]));

        Assert.That(plan.Admissions.Single(), Is.EqualTo(new Admission(1, Row: 2, ReusedTokens: 10)));
        Assert.That(plan.Chunks.Single(), Is.EqualTo(new PlannedChunk(1, Offset: 10, Count: 2, Completes: true)));
    }

    [Test]
    public void A_prompt_that_is_all_cached_still_prefills_its_last_token()
    {
        var story = Prompt(10);
        var plan = Scheduler(slots: 2).Plan(State(2, [new WaitingRequest(1, "a", 0, story)], prefixes: [new CachedPrefix("a", 1, story, 1)]));

        Assert.That(plan.Admissions.Single().ReusedTokens, Is.EqualTo(9), "its logits choose the first new token");
        Assert.That(plan.Chunks.Single().Count, Is.EqualTo(1));
    }

    [Test]
    public void Another_key_s_prefix_or_one_sharing_nothing_is_left_alone_while_a_row_is_free()
    {
        var prefixes = new[] { new CachedPrefix("a", 0, Prompt(8, first: 100), 1), new CachedPrefix("b", 1, Prompt(8), 2) };

        var plan = Scheduler(slots: 3).Plan(State(3, [Waiting(1, "a", promptLength: 6)], prefixes: prefixes));

        Assert.That(plan.Admissions.Single(), Is.EqualTo(new Admission(1, Row: 2, ReusedTokens: 0)));
        Assert.That(plan.Evictions, Is.Empty);
    }

    [Test]
    public void With_no_row_free_the_least_recently_kept_prefix_gives_up_its_row()
    {
        var prefixes = new[] { new CachedPrefix("old", 1, Prompt(8, first: 100), LastUsed: 2), new CachedPrefix("new", 2, Prompt(8, first: 200), LastUsed: 5) };

        var plan = Scheduler(slots: 3).Plan(State(3, [Waiting(7, "c")], decoding: [1], prefixes: prefixes));

        Assert.That(plan.Evictions.Single(), Is.EqualTo(new Eviction("old", 1, EvictionReason.RowNeeded)));
        Assert.That(plan.Admissions.Single(), Is.EqualTo(new Admission(7, Row: 1, ReusedTokens: 0)));
    }

    [Test]
    public void Each_admission_of_a_step_evicts_its_own_prefix_oldest_first()
    {
        var prefixes = Enumerable.Range(0, 3).Select(i => new CachedPrefix($"p{i}", i, Prompt(4, first: 100 + 10 * i), LastUsed: 10 - i)).ToList();

        var plan = Scheduler(slots: 3).Plan(State(3, [Waiting(1, "x"), Waiting(2, "y")], prefixes: prefixes));

        Assert.That(plan.Evictions.Select(e => e.Key), Is.EqualTo(new[] { "p2", "p1" }));
        Assert.That(plan.Admissions.Select(a => a.Row), Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void A_full_pool_of_live_requests_admits_nobody_and_evicts_nothing()
    {
        var plan = Scheduler(slots: 2).Plan(State(2, [Waiting(9, "z")], decoding: [1], prefilling: [new PrefillingRequest(2, 50, 10)]));

        Assert.That(plan.Admissions, Is.Empty);
        Assert.That(plan.Evictions, Is.Empty);
        Assert.That(plan.Chunks.Single().Id, Is.EqualTo(2));
    }
}
