using System.Globalization;

namespace AdventureServer.Server.Tests.Workers;

/// <summary>
/// The real <c>StoryRouter</c> against simulated workers and players (see <see cref="SimulationSettings"/> for where
/// the players' figures come from). The figures are printed; the asserts hold the properties the routing promises.
/// </summary>
[Category("Simulation")]
public sealed class RoutingSimulationTests
{
    /// <summary>250 stories a worker, and room for 512 prefixes in each worker's KV cache (see the 10-worker test for 64).</summary>
    static readonly SimulationSettings Internet = new() { CachedStoriesPerWorker = 512 };

    [Test]
    public void A_million_players_on_a_thousand_workers_keep_their_stories_on_one_worker_and_losing_a_tenth_moves_a_tenth()
    {
        var figures = new RoutingSimulation(Internet).Run();
        Print("rendezvous, 1,000 workers, 1,000,000 players", Internet, figures);

        Assert.That(figures.Before.Turns, Is.GreaterThan(1_000_000), "30 s at ~43,000 turns a second");
        Assert.That(figures.Before.Affinity, Is.GreaterThan(0.98));
        Assert.That(figures.Before.MeanMaxOverMean, Is.LessThan(2.0));
        Assert.That(figures.MovedShare, Is.InRange(0.09, 0.11), "a tenth of the workers held about a tenth of the stories");
        Assert.That(figures.MovedFromLostShare, Is.EqualTo(1.0), "no story of a surviving worker moved");
        Assert.That(figures.After!.Affinity, Is.GreaterThan(0.95), "only the moved stories' first turns and extra spills miss");
        Assert.That(figures.Before.PrefixHits, Is.GreaterThan(0.98));
        Assert.That(figures.After.PrefixHits, Is.GreaterThan(0.95));
        Assert.That(figures.FailedOverTurns, Is.GreaterThan(0));
        Assert.That(figures.DesiredWorkers, Is.InRange(700, 900), "about 35 turns in flight a worker against 70 % of 64 rows: 35,000 / 44.8");
        Assert.That(figures.TurnsAccountedFor, Is.EqualTo(figures.TurnsStarted), "every turn, failed over or not, ended or is still running");
    }

    [Test]
    public void Random_routing_of_the_same_load_almost_never_returns_a_story_to_its_worker()
    {
        var settings = Internet with { RandomRouting = true, DurationS = 45, LossAtS = null };
        var random = new RoutingSimulation(settings).Run();
        Print("random, 1,000 workers, 1,000,000 players", settings, random);

        Assert.That(random.Before.Affinity, Is.LessThan(0.01), "1 in 1,000 by chance");
        Assert.That(random.Before.Turns, Is.GreaterThan(1_000_000));
    }

    [Test]
    public void With_two_workers_affinity_keeps_nearly_every_prefix_where_random_routing_keeps_half()
    {
        // 250 stories a worker, and room for 512 prefixes in each worker's KV cache.
        var settings = new SimulationSettings { Workers = 2, Players = 2_000, CachedStoriesPerWorker = 512, DurationS = 300, LossAtS = null };
        var affinity = new RoutingSimulation(settings).Run();
        var random = new RoutingSimulation(settings with { RandomRouting = true }).Run();
        Print("rendezvous, 2 workers, 2,000 players", settings, affinity);
        Print("random, 2 workers, 2,000 players", settings, random);

        Assert.That(affinity.Before.Affinity, Is.GreaterThan(0.95));
        Assert.That(random.Before.Affinity, Is.InRange(0.45, 0.55));
        Assert.That(affinity.Before.PrefixHits, Is.GreaterThan(0.95));
        Assert.That(random.Before.PrefixHits, Is.InRange(0.45, 0.55));
    }

    [Test]
    public void An_overloaded_preferred_worker_spills_to_the_other_and_keeps_the_two_level()
    {
        // 800 players on 2 workers of 16 rows: nearly 90 % of the rows in use, so the bunching of stories fills queues.
        var settings = new SimulationSettings { Workers = 2, Players = 800, RowsPerWorker = 16, CachedStoriesPerWorker = 128, QueueLimit = 2, DurationS = 300, LossAtS = null };
        var figures = new RoutingSimulation(settings).Run();
        var random = new RoutingSimulation(settings with { RandomRouting = true }).Run();
        Print("rendezvous under pressure, 2 workers of 16 rows, 800 players", settings, figures);
        Print("random under pressure, 2 workers of 16 rows, 800 players", settings, random);

        Assert.That(figures.Before.SpilledShare, Is.GreaterThan(0.001));
        Assert.That(figures.Before.Affinity, Is.LessThan(1.0).And.GreaterThan(random.Before.Affinity + 0.2));
        Assert.That(figures.Before.PrefixHits, Is.GreaterThan(random.Before.PrefixHits + 0.2));
        Assert.That(figures.Before.MeanWaitMs, Is.LessThanOrEqualTo(random.Before.MeanWaitMs * 1.5),
            "spilling keeps the turns from waiting much longer than spreading them at random does");
    }

    [Test]
    public void Prefix_reuse_needs_a_kv_cache_that_holds_a_workers_stories_as_well_as_affinity()
    {
        // 10 workers, 10,000 players: 250 stories a worker, against 64 prefixes kept (the engine's rows) or 512.
        var rows = new SimulationSettings { Workers = 10, Players = 10_000, DurationS = 120, LossAtS = null };
        var large = rows with { CachedStoriesPerWorker = 512 };
        var affinityRows = new RoutingSimulation(rows).Run();
        var affinityLarge = new RoutingSimulation(large).Run();
        var randomLarge = new RoutingSimulation(large with { RandomRouting = true }).Run();
        Print("rendezvous, 10 workers, 10,000 players, 64 cached", rows, affinityRows);
        Print("rendezvous, 10 workers, 10,000 players, 512 cached", large, affinityLarge);
        Print("random, 10 workers, 10,000 players, 512 cached", large, randomLarge);

        Assert.That(affinityLarge.Before.PrefixHits, Is.GreaterThan(0.95));
        Assert.That(affinityRows.Before.PrefixHits, Is.LessThan(affinityLarge.Before.PrefixHits - 0.3), "a cache smaller than the working set evicts a prefix before its next turn");
        Assert.That(randomLarge.Before.PrefixHits, Is.LessThan(0.15), "a tenth by chance, less what the cache evicted");
    }

    static void Print(string title, SimulationSettings settings, SimulationFigures figures)
    {
        var c = CultureInfo.InvariantCulture;
        var progress = TestContext.Progress;
        progress.WriteLine(string.Create(c, $"== {title}: {settings.Stories:N0} stories, {settings.DurationS} s virtual, {settings.RowsPerWorker} rows, {settings.CachedStoriesPerWorker} cached stories/worker, queue limit {settings.QueueLimit}, {settings.TokenMs} ms/token; wall {figures.WallTime.TotalSeconds:F1} s"));
        progress.WriteLine(Phase(c, "before", figures.Before));
        if (figures.After is { } after)
        {
            progress.WriteLine(Phase(c, "after ", after));
            progress.WriteLine(string.Create(c, $"   lost {settings.LostShare:P0} of workers at {settings.LossAtS} s: stories moved {figures.MovedShare:P2} (from lost workers: {figures.MovedFromLostShare:P1}), turns failed over {figures.FailedOverTurns:N0}"));
        }
        progress.WriteLine(string.Create(c, $"   turns started {figures.TurnsStarted:N0}, ended or in flight {figures.TurnsAccountedFor:N0}; desired workers at the end {figures.DesiredWorkers:N0}"));
    }

    static string Phase(CultureInfo c, string name, PhaseFigures p) => string.Create(c,
        $"   {name}: turns {p.Turns:N0}, affinity {p.Affinity:P2}, prefix hits {p.PrefixHits:P2}, spilled {p.SpilledShare:P3}, in flight/worker {p.MeanInFlight:F1}, max/mean {p.MeanMaxOverMean:F2} (worst {p.WorstMaxOverMean:F2}), max queue {p.MaxWaiting}, mean wait {p.MeanWaitMs:F1} ms");
}
