using AdventureServer.Inference.Serving.Scheduling;
using static AdventureServer.Inference.Tests.Serving.Scheduling.Plans;

namespace AdventureServer.Inference.Tests.Serving.Scheduling;

public class SchedulerFairnessTests
{
    static string[] AdmittedKeys(StepPlan plan, IReadOnlyList<WaitingRequest> waiting) =>
        plan.Admissions.Select(a => waiting.Single(w => w.Id == a.Id).Key).ToArray();

    [Test]
    public void One_key_with_many_requests_takes_turns_with_the_others()
    {
        var waiting = new[] { "a", "a", "a", "a", "b", "c", "b" }.Select((key, i) => Waiting(i + 1, key)).ToList();

        var plan = Scheduler(slots: 7).Plan(State(7, waiting));

        Assert.That(AdmittedKeys(plan, waiting), Is.EqualTo(new[] { "a", "b", "c", "a", "b", "a", "a" }));
    }

    [Test]
    public void Requests_of_one_key_are_admitted_in_arrival_order()
    {
        var waiting = new[] { Waiting(9, "a"), Waiting(3, "a"), Waiting(5, "a") };

        var plan = Scheduler(slots: 3).Plan(State(3, waiting));

        Assert.That(plan.Admissions.Select(a => a.Id), Is.EqualTo(new long[] { 3, 5, 9 }));
    }

    [Test]
    public void A_higher_priority_goes_first_whatever_its_key()
    {
        var scheduler = Scheduler(slots: 3);
        var waiting = new[] { Waiting(1, "a"), Waiting(2, "b"), Waiting(3, "a", priority: 5) };

        Assert.That(scheduler.Plan(State(3, waiting)).Admissions.Select(a => a.Id), Is.EqualTo(new long[] { 3, 2, 1 }));
        var later = new[] { Waiting(4, "x"), Waiting(5, "y", priority: 1) };
        Assert.That(scheduler.Plan(State(3, later)).Admissions.Select(a => a.Id), Is.EqualTo(new long[] { 5, 4 }));
    }

    [Test]
    public void A_quiet_adventure_gets_the_first_row_that_frees_although_a_busy_one_asked_long_before()
    {
        var scheduler = Scheduler(slots: 2);
        var busy = Enumerable.Range(1, 10).Select(i => Waiting(i, "busy")).ToList();

        var first = scheduler.Plan(State(2, busy));
        Assert.That(first.Admissions.Select(a => a.Id), Is.EqualTo(new long[] { 1, 2 }));

        // Both rows decode; the quiet adventure's request arrives last and waits, as everyone must while no row is free.
        var quiet = Waiting(11, "quiet");
        var full = scheduler.Plan(State(2, [.. busy.Skip(2), quiet], decoding: [1, 2]));
        Assert.That(full.Admissions, Is.Empty);
        Assert.That(full.Evictions, Is.Empty, "live requests are never preempted");

        // Request 1 ends: the row goes to the adventure not served yet, not to the busy one's next request.
        var freed = scheduler.Plan(State(2, [.. busy.Skip(2), quiet], decoding: [2]));
        Assert.That(freed.Admissions.Select(a => a.Id), Is.EqualTo(new long[] { 11 }));
    }

    [Test]
    public void Over_many_steps_every_adventure_gets_rows_in_turn()
    {
        // Three adventures keep 6 requests each waiting on a single row: a row goes to each in turn, never twice
        // running to one while another waits.
        var scheduler = Scheduler(slots: 1);
        var waiting = new[] { "a", "b", "c" }.SelectMany((key, k) => Enumerable.Range(0, 6).Select(i => Waiting(k * 6 + i + 1, key))).ToList();
        var served = new List<string>();
        while (waiting.Count > 0)
        {
            var plan = scheduler.Plan(State(1, waiting));
            var admitted = waiting.Single(w => w.Id == plan.Admissions.Single().Id);
            served.Add(admitted.Key);
            waiting.Remove(admitted);
        }

        Assert.That(string.Concat(served), Is.EqualTo("abcabcabcabcabcabc"));
    }
}
