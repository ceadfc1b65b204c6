using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Workers;

public sealed class WorkerLoadTests
{
    [Test]
    public void A_report_counts_running_and_waiting_turns_as_in_flight()
    {
        var load = new WorkerLoad("w", 60, 5, 64, 0.75, 1_200);
        Assert.That(load.InFlight, Is.EqualTo(65));
    }

    [TestCase(-1, 0, 8, 0.5, 1.0)]
    [TestCase(0, -1, 8, 0.5, 1.0)]
    [TestCase(0, 0, 0, 0.5, 1.0)]
    [TestCase(0, 0, 8, 1.01, 1.0)]
    [TestCase(0, 0, 8, -0.01, 1.0)]
    [TestCase(0, 0, 8, double.NaN, 1.0)]
    [TestCase(0, 0, 8, 0.5, -1.0)]
    [TestCase(0, 0, 8, 0.5, double.PositiveInfinity)]
    public void A_report_with_an_impossible_figure_is_refused(int active, int queued, int rows, double kv, double tokensPerSecond)
    {
        Assert.That(() => new WorkerLoad("w", active, queued, rows, kv, tokensPerSecond), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
