using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

/// <summary>Routing by model: a turn pinned to its model, and a canary's share of the adventures.</summary>
public sealed class CanaryRoutingTests
{
    static readonly Guid[] Stories = [.. Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid())];

    // Workers 0..old-1 serve "old", the next `canaries` serve "new".
    static StoryRouter RouterWith(int old, int canaries, double share)
    {
        var router = new StoryRouter();
        for (var i = 0; i < old; i++)
            router.AddWorker($"old-{i}", 8, "old");
        for (var i = 0; i < canaries; i++)
            router.AddWorker($"new-{i}", 8, "new");
        router.Canary = new CanarySplit("new", "hf:new", share);
        return router;
    }

    static string Route(StoryRouter router, Guid story, string? model = null)
    {
        Assert.That(router.TryRoute(story, model, out var decision), Is.True);
        router.Complete(decision.WorkerId);
        return decision.WorkerId;
    }

    static string HighestScorer(IEnumerable<string> workers, Guid story)
    {
        var key = RendezvousHash.StoryKey(story);
        return workers.MaxBy(w => RendezvousHash.Score(RendezvousHash.WorkerKey(w), key))!;
    }

    [TestCase(0.1)]
    [TestCase(0.25)]
    [TestCase(0.5)]
    public void The_canary_takes_the_asked_share_of_the_adventures(double share)
    {
        var router = RouterWith(3, 1, share);
        var onCanary = Stories.Count(s => Route(router, s).StartsWith("new", StringComparison.Ordinal));
        // 20,000 draws: the binomial's standard deviation is at most 71 adventures, so 2 % (400) is over 5.6 of them.
        Assert.That(onCanary / (double)Stories.Length, Is.EqualTo(share).Within(0.02));
    }

    [Test]
    public void An_adventure_stays_on_its_side_and_raising_the_share_only_moves_adventures_onto_the_canary()
    {
        var router = RouterWith(3, 1, 0.2);
        var before = Stories.ToDictionary(s => s, s => Route(router, s).StartsWith("new", StringComparison.Ordinal));
        Assert.That(Stories.All(s => Route(router, s).StartsWith("new", StringComparison.Ordinal) == before[s]), "the same side every turn");
        router.Canary = new CanarySplit("new", "hf:new", 0.4);
        var after = Stories.ToDictionary(s => s, s => Route(router, s).StartsWith("new", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(Stories.Count(s => before[s] && !after[s]), Is.Zero, "no adventure left the canary");
            Assert.That(Stories.Count(s => !before[s] && after[s]), Is.GreaterThan(Stories.Length / 10));
        });
    }

    [Test]
    public void Each_side_keeps_story_affinity_by_rendezvous_among_its_own_workers()
    {
        var router = RouterWith(3, 2, 0.5);
        string[] old = ["old-0", "old-1", "old-2"], canaries = ["new-0", "new-1"];
        foreach (var story in Stories.Take(2_000))
        {
            var side = router.Canary!.Takes(story) ? canaries : old;
            Assert.That(Route(router, story), Is.EqualTo(HighestScorer(side, story)));
        }
    }

    [Test]
    public void A_turn_pinned_to_a_model_goes_only_to_that_models_workers_whatever_the_split()
    {
        var router = RouterWith(2, 1, 0.5);
        Assert.Multiple(() =>
        {
            Assert.That(Stories.Take(500).Select(s => Route(router, s, "old")), Has.All.StartsWith("old-"));
            Assert.That(Stories.Take(500).Select(s => Route(router, s, "new")), Has.All.EqualTo("new-0"));
            Assert.That(router.TryRoute(Stories[0], "gone", out _), Is.False, "no worker serves that model");
        });
    }

    [Test]
    public void A_pinned_turn_follows_a_worker_whose_model_changed()
    {
        var router = RouterWith(2, 0, 0);
        router.Canary = null;
        router.SetModel("old-1", "new");
        Assert.Multiple(() =>
        {
            Assert.That(Stories.Take(200).Select(s => Route(router, s, "old")), Has.All.EqualTo("old-0"));
            Assert.That(router.ModelOf("old-1"), Is.EqualTo("new"));
        });
    }

    [Test]
    public void A_canary_side_with_no_live_worker_falls_back_to_every_worker()
    {
        var router = RouterWith(2, 1, 1);
        router.RemoveWorker("new-0");
        Assert.That(Stories.Take(200).Select(s => Route(router, s)), Has.All.StartsWith("old-"));
    }

    [Test]
    public void The_canary_point_is_stable_and_spread_evenly()
    {
        var points = Stories.Select(RendezvousHash.CanaryPoint).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.All.InRange(0.0, 1.0).And.All.LessThan(1.0));
            Assert.That(Stories.Take(100).Select(RendezvousHash.CanaryPoint), Is.EqualTo(points.Take(100)));
            // Ten deciles of 2,000 each; the standard deviation is about 42.
            Assert.That(points.GroupBy(p => (int)(p * 10)).Select(g => g.Count()), Has.All.InRange(1_800, 2_200));
        });
    }

    [TestCase(-0.1)]
    [TestCase(1.5)]
    [TestCase(double.NaN)]
    public void A_share_outside_zero_to_one_is_refused(double share) =>
        Assert.That(() => CanarySplit.CheckShare(share), Throws.TypeOf<ArgumentOutOfRangeException>());
}
