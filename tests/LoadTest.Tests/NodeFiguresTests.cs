using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Reporting;

namespace AdventureServer.LoadTest.Tests;

public class NodeFiguresTests
{
    [Test]
    public void Each_url_counts_its_own_players_actions_and_time_to_first_token_and_the_run_counts_them_all()
    {
        var run = new LoadRecorder();
        var a = new LoadRecorder(run);
        var b = new LoadRecorder(run);
        var now = LoadClock.NowMs;
        a.ActionSent();
        a.ActionCompleted();
        a.TimeToFirstToken(now, 100);
        b.ActionSent();
        b.ActionSent();
        b.ActionRefused("Busy");
        b.ActionCompleted();
        b.TimeToFirstToken(now, 40);

        var first = ReportBuilder.Node(new Uri("http://127.0.0.1:5081"), 1, a);
        var second = ReportBuilder.Node(new Uri("http://127.0.0.1:5082"), 2, b);
        var whole = ReportBuilder.Build(run, 3, 3, [], MetricsSnapshot.Empty, MetricsSnapshot.Empty) with { Nodes = [first, second] };

        Assert.That(first, Is.EqualTo(new NodeFigures("http://127.0.0.1:5081/", 1, 1, 1, 0, 0, 1, 100, 100)));
        Assert.That(second, Is.EqualTo(new NodeFigures("http://127.0.0.1:5082/", 2, 2, 1, 1, 0, 1, 40, 40)));
        Assert.That((whole.ActionsSent, whole.ActionsCompleted, whole.TtftSamples), Is.EqualTo((3, 2, 2)));
        Assert.That(ReportWriter.Table(whole), Does.Contain("per server").And.Contain("http://127.0.0.1:5082/"));
        Assert.That(ReportWriter.SummaryLine(whole), Does.Contain("\"nodes\":[{\"url\":\"http://127.0.0.1:5081/\",\"players\":1"));
    }

    [Test]
    public void Scrapes_of_several_nodes_add_up()
    {
        var one = MetricsSnapshot.Parse("adventure_inference_tokens_generated_total 10\n");
        var two = MetricsSnapshot.Parse("adventure_inference_tokens_generated_total{model=\"x\"} 5\n");

        Assert.That(MetricsSnapshot.Sum([one, two]).TokensGenerated, Is.EqualTo(15));
    }
}
