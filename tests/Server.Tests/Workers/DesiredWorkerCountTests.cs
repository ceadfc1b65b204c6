using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

public sealed class DesiredWorkerCountTests
{
    static readonly WorkerScalingOptions Options = new() { TargetUtilisation = 0.5, TargetKvCacheUse = 0.8, MinWorkers = 2, MaxWorkers = 50 };

    static WorkerLoad Load(int active, int queued, double kv = 0.1) => new($"w{active}-{queued}-{kv}", active, queued, 64, kv, 500);

    [Test]
    public void Demand_is_divided_by_what_one_worker_carries_at_its_target_and_rounded_up()
    {
        // 3 workers hold 64 + 70 + 30 = 164 turns; a worker carries 32 at half its 64 rows: 164 / 32 = 5.1, so 6.
        Assert.That(DesiredWorkerCount.From([Load(64, 0), Load(64, 6), Load(30, 0)], Options), Is.EqualTo(6));
    }

    [Test]
    public void An_exact_multiple_is_not_rounded_up()
    {
        Assert.That(DesiredWorkerCount.From([Load(32, 0), Load(32, 0), Load(32, 0), Load(32, 0)], Options), Is.EqualTo(4));
    }

    [Test]
    public void A_full_kv_cache_asks_for_more_workers_than_the_rows_do()
    {
        // 4 workers at 95 % of their KV cache: 3.8 / 0.8 = 4.75, so 5, though their rows ask for only 2.
        var reports = Enumerable.Range(0, 4).Select(i => new WorkerLoad($"w{i}", 10, 0, 64, 0.95, 100)).ToList();
        Assert.That(DesiredWorkerCount.From(reports, Options), Is.EqualTo(5));
    }

    [Test]
    public void The_count_stays_within_the_bounds()
    {
        Assert.That(DesiredWorkerCount.From([], Options), Is.EqualTo(2));
        Assert.That(DesiredWorkerCount.From([Load(0, 0, 0)], Options), Is.EqualTo(2));
        Assert.That(DesiredWorkerCount.From([Load(64, 10_000)], Options), Is.EqualTo(50));
    }

    [Test]
    public void Targets_that_are_not_shares_are_refused()
    {
        Assert.That(() => DesiredWorkerCount.From([Load(1, 0)], Options with { TargetUtilisation = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => DesiredWorkerCount.From([Load(1, 0)], Options with { TargetKvCacheUse = 1.5 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => DesiredWorkerCount.From([Load(1, 0)], Options with { MaxWorkers = 1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
