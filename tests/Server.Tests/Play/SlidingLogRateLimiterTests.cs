using System.Threading.RateLimiting;
using AdventureServer.Server.Play;

namespace AdventureServer.Server.Tests.Play;

public class SlidingLogRateLimiterTests
{
    static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public void Permits_beyond_the_limit_are_refused_until_the_oldest_leaves_the_window_and_the_refusal_says_when()
    {
        var clock = new ManualClock();
        using var limiter = new SlidingLogRateLimiter(3, Minute, clock);
        using var first = limiter.AttemptAcquire();
        clock.Advance(TimeSpan.FromSeconds(20));
        using var second = limiter.AttemptAcquire(2);

        using var refused = limiter.AttemptAcquire();
        refused.TryGetMetadata(MetadataName.RetryAfter, out var wait);
        clock.Advance(TimeSpan.FromSeconds(40));
        using var later = limiter.AttemptAcquire();

        Assert.That(first.IsAcquired && second.IsAcquired, Is.True);
        Assert.That(refused.IsAcquired, Is.False);
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That(later.IsAcquired, Is.True);
    }

    [Test]
    public void Asking_for_zero_permits_tells_whether_one_is_left_without_taking_it()
    {
        using var limiter = new SlidingLogRateLimiter(1, Minute, new ManualClock());

        using var before = limiter.AttemptAcquire(0);
        using var one = limiter.AttemptAcquire();
        using var after = limiter.AttemptAcquire(0);

        Assert.That(before.IsAcquired, Is.True);
        Assert.That(one.IsAcquired, Is.True);
        Assert.That(after.IsAcquired, Is.False);
    }

    [Test]
    public void A_settled_grant_gives_back_what_it_did_not_use_and_never_takes_more()
    {
        using var limiter = new SlidingLogRateLimiter(100, Minute, new ManualClock());
        var reserved = (SlidingLogLease)limiter.AttemptAcquire(80);

        reserved.Settle(30);
        reserved.Settle(500);
        using var fits = limiter.AttemptAcquire(70);
        using var over = (SlidingLogLease)limiter.AttemptAcquire(1);

        Assert.That(fits.IsAcquired, Is.True);
        Assert.That(over.IsAcquired, Is.False);
        Assert.That(over.InUse, Is.EqualTo(100));
        reserved.Dispose();
    }

    [Test]
    public void A_request_larger_than_the_limit_is_refused_without_a_retry_time()
    {
        using var limiter = new SlidingLogRateLimiter(10, Minute, new ManualClock());

        using var lease = limiter.AttemptAcquire(11);

        Assert.That(lease.IsAcquired, Is.False);
        Assert.That(lease.TryGetMetadata(MetadataName.RetryAfter, out _), Is.False);
    }

    [Test]
    public void The_partitioned_limits_count_each_kind_and_account_apart()
    {
        var clock = new ManualClock();
        using var limits = new RateLimits(
            Microsoft.Extensions.Options.Options.Create(new GameOptions { ActionsPerMinute = 1, InvocationsPerMinute = 2 }),
            Microsoft.Extensions.Options.Options.Create(new AdventureServer.Server.Api.ApiOptions()), clock);

        using var alice = limits.Acquire(new LimitKey(LimitKind.Actions, "alice"));
        using var aliceAgain = limits.Acquire(new LimitKey(LimitKind.Actions, "alice"));
        using var bob = limits.Acquire(new LimitKey(LimitKind.Actions, "bob"));
        using var aliceCall = limits.Acquire(new LimitKey(LimitKind.HubCalls, "alice"));

        Assert.That((alice.IsAcquired, aliceAgain.IsAcquired, bob.IsAcquired, aliceCall.IsAcquired), Is.EqualTo((true, false, true, true)));
    }

    sealed class ManualClock : TimeProvider
    {
        DateTimeOffset _now = new(2026, 12, 2, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
