using AdventureServer.Tests.Shared;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>The test's own Redis: a planned restart keeps the keys, a crash of a Redis without persistence loses them.</summary>
[Category("Cluster")]
public class RedisServerTests
{
    [Test]
    public async Task A_restart_that_saves_keeps_the_keys_and_one_that_does_not_comes_back_empty()
    {
        await using var redis = await RedisServer.StartAsync();
        var set = await redis.CommandAsync("SET door open");

        await redis.RestartAsync(keepData: true, TimeSpan.FromMilliseconds(100));
        var kept = await redis.CommandAsync("EXISTS door");
        await redis.RestartAsync(keepData: false, TimeSpan.FromMilliseconds(100));
        var lost = await redis.CommandAsync("EXISTS door");

        Assert.That(set, Is.EqualTo("+OK"));
        Assert.That(kept, Is.EqualTo(":1"));
        Assert.That(lost, Is.EqualTo(":0"));
    }
}
