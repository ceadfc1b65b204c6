using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Reporting;
using AdventureServer.LoadTest.Running;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Behaviour 6 of issue 20: the load tester over two nodes, each party split across them.</summary>
public class TwoNodeLoadTests : ClusterTest
{
    [Test]
    public async Task A_load_run_over_two_nodes_loses_no_action_and_reports_each_nodes_players()
    {
        var cluster = await StartAsync(2);
        var options = LoadOptions.Parse(
            ["--url", string.Join(',', cluster.Nodes.Select(n => n.Address)), "--players", "4", "--party-size", "2", "--actions", "3",
             "--think-ms", "50", "--ramp-s", "0.2", "--max-new-tokens", "16", "--reconnect-chance", "0.3", "--retry-chance", "0.2",
             "--undo-chance", "0", "--duration-s", "90"]);
        using var output = new StringWriter();

        var report = await LoadTestCommand.RunAsync(options, output);
        await TestContext.Progress.WriteLineAsync(ReportWriter.Table(report));

        Assert.Multiple(() =>
        {
            Assert.That(report.ActionsFailed, Is.Zero, ReportWriter.Table(report));
            Assert.That(report.ActionsLost, Is.Zero);
            Assert.That(report.IntegrityErrors, Is.Zero, ReportWriter.Table(report));
            Assert.That(report.ActionsCompleted, Is.EqualTo(12));
            Assert.That(report.Nodes!.Select(n => (n.Url, n.Players, n.ActionsCompleted)),
                Is.EqualTo(cluster.Nodes.Select(n => (n.Address.ToString(), 2, 6))));
            Assert.That(report.Nodes!.Select(n => n.TtftSamples), Is.All.GreaterThan(0));
        });
    }
}
