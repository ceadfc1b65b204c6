using NUnit.Framework.Interfaces;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>
/// The base of the cluster tests: a test starts its own <see cref="ClusterFixture"/> with <see cref="StartAsync(int, string[])"/>; the
/// tear-down stops it whatever happened and, when the test failed, prints the tail of every node's log and keeps
/// the folder with the full logs.
/// </summary>
[Category("Cluster")]
[NonParallelizable]
public abstract class ClusterTest
{
    /// <summary>
    /// GPT-2's shape with random weights: a few tens of tokens a second on these CPUs, so a 300-token continuation is
    /// still streaming when a test kills or restarts something (the tiny golden model would be done first).
    /// </summary>
    protected static readonly string[] SlowModel = ["--Inference:RandomWeights=gpt2", "--Inference:MaxContext=512", "--Inference:MaxConcurrentSequences=2"];

    ClusterFixture? _cluster;

    /// <summary>The cluster this test started.</summary>
    internal ClusterFixture Cluster => _cluster ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Starts a cluster of <paramref name="nodes"/> nodes with <paramref name="extra"/> settings; the tear-down stops it.</summary>
    internal async Task<ClusterFixture> StartAsync(int nodes, params string[] extra)
    {
        _cluster = await ClusterFixture.StartAsync(nodes, extra);
        return _cluster;
    }

    /// <summary>Starts one node for each entry of <paramref name="perNode"/> (its own settings), with <paramref name="extra"/> for all.</summary>
    internal async Task<ClusterFixture> StartAsync(IReadOnlyList<string[]> perNode, params string[] extra)
    {
        _cluster = await ClusterFixture.StartAsync(perNode, extra);
        return _cluster;
    }

    [TearDown]
    public async Task StopTheCluster()
    {
        if (_cluster is null)
            return;
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        if (failed)
            await TestContext.Out.WriteLineAsync($"Cluster logs (kept in {_cluster.Folder}):\n{_cluster.Logs()}");
        await _cluster.StopAsync(keepLogs: failed);
        _cluster = null;
    }
}
