using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

public sealed class StoryRouterTests
{
    static readonly Guid[] Stories = [.. Enumerable.Range(0, 20_000).Select(Story)];

    static Guid Story(int i)
    {
        var bytes = new byte[16];
        BitConverter.GetBytes(i * 2654435761L).CopyTo(bytes, 0);
        BitConverter.GetBytes(~(long)i).CopyTo(bytes, 8);
        return new Guid(bytes);
    }

    static StoryRouter RouterWith(int workers, int rows = 8, int queueLimit = 4)
    {
        var router = new StoryRouter(new StoryRoutingOptions { QueueLimit = queueLimit });
        for (var i = 0; i < workers; i++)
            router.AddWorker($"worker-{i}", rows);
        return router;
    }

    /// <summary>The definition: the live worker with the highest score, computed afresh.</summary>
    static string HighestScorer(IEnumerable<string> workers, Guid story)
    {
        var key = RendezvousHash.StoryKey(story);
        return workers.MaxBy(w => RendezvousHash.Score(RendezvousHash.WorkerKey(w), key))!;
    }

    [Test]
    public void A_story_goes_to_its_highest_scoring_worker_and_stays_there_while_it_is_free()
    {
        var router = RouterWith(10);
        foreach (var story in Stories.Take(500))
        {
            Assert.That(router.TryRoute(story, out var first), Is.True);
            router.Complete(first.WorkerId);
            Assert.That(router.TryRoute(story, out var second), Is.True);
            router.Complete(second.WorkerId);
            Assert.That(first.WorkerId, Is.EqualTo(HighestScorer(router.Workers, story)));
            Assert.That(second, Is.EqualTo(first));
            Assert.That(first.Reason, Is.EqualTo(RouteReason.Preferred));
        }
    }

    [Test]
    public void Stories_spread_evenly_over_the_workers()
    {
        var router = RouterWith(10);
        var counts = Stories.GroupBy(s => router.PreferredWorker(s)).ToDictionary(g => g.Key!, g => g.Count());
        Assert.That(counts, Has.Count.EqualTo(10));
        // 2,000 expected each; a binomial's standard deviation is about 42, so 10 % is over 4.5 of them.
        Assert.That(counts.Values, Has.All.InRange(1_800, 2_200));
    }

    [Test]
    public void Removing_a_worker_moves_only_its_own_stories()
    {
        var router = RouterWith(10);
        var before = Stories.ToDictionary(s => s, s => router.PreferredWorker(s)!);
        Assert.That(router.RemoveWorker("worker-3"), Is.True);
        var moved = Stories.Where(s => router.PreferredWorker(s) != before[s]).ToList();

        Assert.That(moved.Select(s => before[s]).Distinct(), Is.EqualTo(new[] { "worker-3" }));
        Assert.That(moved, Has.Count.EqualTo(before.Values.Count(w => w == "worker-3")));
        Assert.That(moved.Select(s => router.PreferredWorker(s)), Has.None.EqualTo("worker-3"));
    }

    [Test]
    public void Adding_a_worker_takes_stories_only_onto_itself()
    {
        var router = RouterWith(9);
        var before = Stories.ToDictionary(s => s, s => router.PreferredWorker(s)!);
        router.AddWorker("worker-new", 8);
        var moved = Stories.Where(s => router.PreferredWorker(s) != before[s]).ToList();

        Assert.That(moved.Select(s => router.PreferredWorker(s)).Distinct(), Is.EqualTo(new[] { "worker-new" }));
        Assert.That(moved.Count, Is.InRange(1_700, 2_300), "about a tenth of the stories");
    }

    [Test]
    public void The_cached_choice_equals_a_fresh_computation_through_joins_and_leaves()
    {
        var router = RouterWith(5);
        var random = new Random(7);
        var next = 5;
        for (var round = 0; round < 200; round++)
        {
            var live = router.Workers;
            if (random.Next(2) == 0 || live.Count < 3)
                router.AddWorker($"worker-{next++}", 8);
            else
                router.RemoveWorker(live[random.Next(live.Count)]);
            foreach (var story in Stories.Take(300))
                Assert.That(router.PreferredWorker(story), Is.EqualTo(HighestScorer(router.Workers, story)), $"round {round}");
        }
    }

    [Test]
    public void A_worker_removed_and_added_again_gets_its_stories_back()
    {
        var router = RouterWith(6);
        var before = Stories.Take(2_000).Select(s => router.PreferredWorker(s)).ToList();
        router.RemoveWorker("worker-2");
        router.AddWorker("worker-2", 8);
        Assert.That(Stories.Take(2_000).Select(s => router.PreferredWorker(s)), Is.EqualTo(before));
    }

    [Test]
    public void A_saturated_preferred_worker_spills_the_turn_to_the_least_loaded_worker()
    {
        var router = RouterWith(3, rows: 2, queueLimit: 1);
        var story = Stories[0];
        var preferred = router.PreferredWorker(story)!;
        var others = router.Workers.Where(w => w != preferred).ToList();
        router.Report(new WorkerLoad(preferred, 2, 1, 2, 0.9, 40));
        router.Report(new WorkerLoad(others[0], 2, 0, 2, 0.5, 40));
        router.Report(new WorkerLoad(others[1], 1, 0, 2, 0.3, 20));

        Assert.That(router.TryRoute(story, out var decision), Is.True);
        Assert.That(decision, Is.EqualTo(new RouteDecision(others[1], preferred, RouteReason.Spilled)));
    }

    [Test]
    public void A_turn_stays_on_the_preferred_worker_while_its_queue_is_below_the_limit()
    {
        var router = RouterWith(3, rows: 2, queueLimit: 2);
        var story = Stories[1];
        var preferred = router.PreferredWorker(story)!;
        router.Report(new WorkerLoad(preferred, 2, 1, 2, 0.9, 40));

        Assert.That(router.TryRoute(story, out var decision), Is.True);
        Assert.That(decision.WorkerId, Is.EqualTo(preferred));
        Assert.That(router.TryRoute(story, out var next), Is.True, "the first turn brought the queue to the limit");
        Assert.That(next.Reason, Is.EqualTo(RouteReason.Spilled));
        router.Complete(preferred);
        Assert.That(router.TryRoute(story, out var after), Is.True);
        Assert.That(after.WorkerId, Is.EqualTo(preferred), "a turn ending there freed a place");
    }

    [Test]
    public void Routing_fails_with_no_live_worker_and_late_reports_do_not_bring_one_back()
    {
        var router = RouterWith(1);
        router.RemoveWorker("worker-0");
        Assert.That(router.Report(new WorkerLoad("worker-0", 0, 0, 8, 0, 0)), Is.False);
        Assert.That(router.TryRoute(Stories[0], out _), Is.False);
        Assert.That(router.PreferredWorker(Stories[0]), Is.Null);
    }

    [Test]
    public void Many_joins_drop_the_cache_without_changing_any_choice()
    {
        var router = RouterWith(2);
        for (var i = 0; i < 150; i++)
        {
            router.AddWorker($"joiner-{i}", 8);
            Assert.That(router.PreferredWorker(Stories[i]), Is.EqualTo(HighestScorer(router.Workers, Stories[i])));
        }
        foreach (var story in Stories.Take(500))
            Assert.That(router.PreferredWorker(story), Is.EqualTo(HighestScorer(router.Workers, story)));
    }

    [Test]
    public void Without_affinity_a_story_s_turns_are_spread_evenly_over_the_workers_instead_of_kept_on_one()
    {
        var router = new StoryRouter(new StoryRoutingOptions { Affinity = false });
        router.AddWorker("worker-0", 8);
        router.AddWorker("worker-1", 8);
        var story = Stories[0];
        var counts = new Dictionary<string, int>();

        for (var turn = 0; turn < 2_000; turn++)
        {
            Assert.That(router.TryRoute(story, out var decision), Is.True);
            counts[decision.WorkerId] = counts.GetValueOrDefault(decision.WorkerId) + 1;
            router.Complete(decision.WorkerId);
        }

        Assert.That(counts.Keys, Is.EquivalentTo(new[] { "worker-0", "worker-1" }));
        Assert.That(counts.Values, Has.All.InRange(900, 1_100)); // 1,000 ± 4.5 standard deviations
    }
}
