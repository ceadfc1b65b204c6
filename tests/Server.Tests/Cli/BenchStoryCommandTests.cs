using System.Text.Json;

namespace AdventureServer.Server.Tests.Cli;

[NonParallelizable] // the verb writes to the process's console
public class BenchStoryCommandTests
{
    [Test, CancelAfter(120_000)]
    public void Bench_story_prints_rows_written_per_turn_that_do_not_grow_with_the_story()
    {
        var (exitCode, output, error) = CommandLine.Invoke("bench-story", "--blocks", "5", "201", "--progress-saves", "4");

        Assert.That(exitCode, Is.Zero, error);
        using var json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        var root = json.RootElement;
        long[] Column(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetInt64()).ToArray();
        Assert.That(Column("blocks"), Is.EqualTo(new long[] { 5, 201 }));
        // The adventure row and two new blocks, then one UPDATE per progress save and one for the end.
        Assert.That(Column("rows_written_per_turn"), Is.EqualTo(new long[] { 3 + 4 + 1, 3 + 4 + 1 }));
        Assert.That(Column("queries_stream"), Is.EqualTo(new long[] { 1, 1 }));
    }

    [Test]
    public void Bench_story_refuses_a_story_too_short_to_hold_a_turn()
    {
        var (exitCode, _, error) = CommandLine.Invoke("bench-story", "--blocks", "2");

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(error, Does.Contain("at least 3"));
    }
}
