using System.Diagnostics;
using System.Globalization;
using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Measuring;
using AdventureServer.LoadTest.Options;
using AdventureServer.LoadTest.Reporting;
using AdventureServer.LoadTest.Running;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;
using AdventureServer.Tests.Shared;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Cluster;

/// <summary>Issue 21: a front-end that loads no model, and inference workers as their own processes.</summary>
public partial class WorkerTests : ClusterTest
{
    static readonly string[] Frontend = ["--role", "frontend", "--Logging:LogLevel:AdventureServer.Server.Workers=Information"];
    static readonly string[] Worker = ["--role", "worker", "--Logging:LogLevel:AdventureServer.Server.Workers=Information", .. SlowModel];

    /// <summary>The workers' model at start (<see cref="ClusterTest.SlowModel"/>), and the bundled one a switch to "" loads.</summary>
    const string OldModel = "random:gpt2";
    const string NewModel = "adventure-default";

    [Test]
    public async Task A_worker_killed_mid_turn_hands_the_turn_to_another_worker_and_the_stream_goes_on_without_a_gap_or_duplicate()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(2);
        var (alice, adventureId, block) = await StartTurnAsync(cluster, frontend, maxNewTokens: 200);
        await using var _ = alice;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var serving = await ServingWorkerAsync(cluster);
        var before = alice.LastSequence(block);
        serving.Kill();
        var killedAtMs = LoadClock.NowMs;

        var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(120));
        var sequences = alice.Arrivals.Where(a => a.Delta.BlockId == block).Select(a => a.Delta.Sequence).ToArray();
        // The pause the players saw: the longest wait between two deltas from the kill on.
        var times = alice.Arrivals.Where(a => a.Delta.BlockId == block).Select(a => a.AtMs).Order().ToArray();
        var pause = times.Zip(times.Skip(1)).Where(p => p.Second > killedAtMs).Select(p => p.Second - p.First).DefaultIfEmpty(double.NaN).Max();
        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Killed {serving.Name} after sequence {before}; the longest pause after the kill was {pause:F0} ms; the stream ended {end.State} at sequence {end.LastSequence}"));
        Assert.Multiple(() =>
        {
            Assert.That(end.State, Is.EqualTo("Done"), end.Message);
            Assert.That(end.LastSequence, Is.GreaterThan(before), "the stream went on after the kill");
            Assert.That(sequences.Distinct().Order(), Is.EqualTo(Enumerable.Range(1, end.LastSequence)), "no sequence number is missing");
            Assert.That(alice.Gaps + alice.Duplicates, Is.Zero);
            Assert.That(alice.StreamedText(block), Does.Contain(end.Text.Trim()[..Math.Min(20, end.Text.Trim().Length)]), "the stored text is the streamed one");
        });
    }

    [Test]
    public async Task A_worker_stopped_gracefully_under_load_drains_first_and_no_action_fails()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(2);
        var load = LoadAsync(frontend);

        await Task.Delay(TimeSpan.FromSeconds(4));
        var took = Stopwatch.StartNew();
        await cluster.Node("node-b").StopAsync();
        took.Stop();
        var report = await load;
        var drained = File.ReadAllText(cluster.Node("node-b").LogPath).Split('\n').LastOrDefault(l => l.Contains("Drained for", StringComparison.Ordinal))?.Trim();
        await TestContext.Progress.WriteLineAsync($"node-b stopped in {took.Elapsed.TotalSeconds:F1} s ({drained ?? "no drain logged"})\n{ReportWriter.Table(report)}");

        Assert.Multiple(() =>
        {
            AssertNoActionFailed(report);
            Assert.That(drained, Does.Contain("idle: True"), "the worker finished its turns before it stopped");
        });
    }

    [Test]
    public async Task A_players_stop_on_a_front_end_cancels_the_turn_on_its_worker_and_keeps_what_was_written()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(1);
        var (alice, adventureId, block) = await StartTurnAsync(cluster, frontend, maxNewTokens: 300);
        await using var _ = alice;
        await alice.CallAsync("Stop", adventureId);
        var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(30));
        // The worker's batch empties: the sequence left at its next step.
        var idle = await EventuallyAsync(async () => BatchSize(await cluster.Node("node-b").Http.GetStringAsync(new Uri("/metrics", UriKind.Relative))), "0");

        await TestContext.Progress.WriteLineAsync($"Stopped at sequence {end.LastSequence}: {end.State}; the worker's batch then held {idle}");
        Assert.Multiple(() =>
        {
            Assert.That(end.State, Is.EqualTo("Cancelled"), end.Message);
            Assert.That(end.LastSequence, Is.LessThan(300));
            Assert.That(idle, Is.EqualTo("0"), "the generation was cancelled on the worker");
        });
    }

    [Test]
    public async Task With_no_worker_left_the_turn_is_marked_failed_with_a_clear_message_and_the_action_is_kept()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(1);
        var (alice, adventureId, block) = await StartTurnAsync(cluster, frontend, maxNewTokens: 200);
        await using var _ = alice;
        cluster.Node("node-b").Kill();
        var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(60));
        var streamed = alice.StreamedText(block);
        await Task.Delay(WorkersGoneAfter);
        var refusal = Assert.ThrowsAsync<HubException>(() => alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I wait"));
        var story = await alice.CallAsync<AdventureView>("GetAdventure", adventureId);

        await TestContext.Progress.WriteLineAsync($"Ended {end.State}: {end.Message}; next action: {refusal!.Message}");
        Assert.Multiple(() =>
        {
            Assert.That(end.State, Is.EqualTo("Failed"));
            Assert.That(end.Message, Does.Contain("no other worker"));
            Assert.That(story.Blocks.Single(b => b.Id == block).Text, Does.StartWith(streamed.Trim()[..Math.Min(10, streamed.Trim().Length)]), "what was written is kept");
            Assert.That(story.Blocks.Count(b => b.Type == "Action"), Is.EqualTo(2), "both actions are in the story");
            Assert.That(refusal.Message, Does.Contain("EngineBusy: No inference worker is running"));
        });
    }

    [Test]
    public async Task A_model_switch_rolls_across_the_workers_under_load_no_action_fails_and_every_continuation_is_written_by_one_model()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(2);
        var load = LoadAsync(frontend);

        await Task.Delay(TimeSpan.FromSeconds(4));
        await using var gm = await cluster.GameMasterAsync(frontend);
        var took = Stopwatch.StartNew();
        await gm.CallAsync<EngineStateView>("SwitchModel", string.Empty);
        took.Stop();
        var report = await load;
        var metrics = await frontend.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        // The workers report their model once a second; the front-end reads the reports twice a second.
        var model = await EventuallyAsync(async () => (await gm.CallAsync<EngineStateView>("GetEngineState")).ModelName, NewModel);
        await TestContext.Progress.WriteLineAsync($"SwitchModel took {took.Elapsed.TotalSeconds:F1} s under load\n{ReportWriter.Table(report)}");

        Assert.Multiple(() =>
        {
            AssertNoActionFailed(report);
            AssertOneModelEach(report, expectedContinuations: 16);
            Assert.That(report.ContinuationsByModel.Keys, Is.EquivalentTo(new[] { OldModel, NewModel }), "turns before the switch and after it");
            Assert.That(model, Is.EqualTo(NewModel), "the workers now report the bundled model");
            // The front-end exports the workers' load and the autoscaler's figure.
            Assert.That(metrics, Does.Match(@"(?m)^adventure_workers_live(\{[^}]*\})? 2\b"));
            Assert.That(metrics, Does.Match(@"(?m)^adventure_workers_desired(\{[^}]*\})? [1-9]"));
            Assert.That(metrics, Does.Contain("adventure_worker_queue_length{").And.Contain("worker=\"node-b\"").And.Contain("worker=\"node-c\""));
        });
    }

    // A front-end (node-a) and `workers` workers (with `workerArgs` after their own), once the front-end has heard from all of them.
    async Task<(ClusterFixture Cluster, ServerNode Frontend)> StartWithWorkersAsync(int workers, string[]? workerArgs = null)
    {
        var cluster = await StartAsync([Frontend, .. Enumerable.Repeat<string[]>([.. Worker, .. workerArgs ?? []], workers)]);
        var frontend = cluster.Node("node-a");
        await WaitForWorkersAsync(frontend, workers);
        return (cluster, frontend);
    }

    // Alice, on the front-end, hosts an adventure and acts; returns once its continuation streams.
    static async Task<(ClusterClient Alice, Guid AdventureId, Guid Block)> StartTurnAsync(ClusterFixture cluster, ServerNode frontend, int maxNewTokens)
    {
        var alice = await cluster.PlayerAsync("alice", frontend);
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: maxNewTokens));
        await alice.OpenAsync(created.Id);
        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I open the heavy door");
        await alice.WaitForDeltaAsync(block, TimeSpan.FromSeconds(60));
        return (alice, created.Id, block);
    }

    // Four players in parties of two, four accepted actions each, against the front-end (or as many as asked).
    static Task<LoadReport> LoadAsync(ServerNode frontend, int players = 4, int partySize = 2, int actions = 4, int thinkMs = 200) =>
        LoadTestCommand.RunAsync(LoadOptions.Parse(
            ["--url", frontend.Address.ToString(), "--players", $"{players}", "--party-size", $"{partySize}", "--actions", $"{actions}",
             "--think-ms", $"{thinkMs}", "--ramp-s", "0.2", "--max-new-tokens", "24", "--reconnect-chance", "0", "--retry-chance", "0",
             "--undo-chance", "0", "--duration-s", "150"]), TextWriter.Null);

    static void AssertNoActionFailed(LoadReport report, int expectedActions = 16)
    {
        Assert.That(report.ActionsFailed, Is.Zero, ReportWriter.Table(report));
        Assert.That(report.ActionsLost, Is.Zero);
        Assert.That(report.IntegrityErrors, Is.Zero);
        Assert.That(report.ActionsCompleted, Is.EqualTo(expectedActions));
    }

    // Every continuation of the run ended naming exactly one model, the same for every player who saw it.
    static void AssertOneModelEach(LoadReport report, int expectedContinuations)
    {
        Assert.That(report.ContinuationsModelChanged, Is.Zero, "no continuation changed model mid-way");
        Assert.That(report.ContinuationsUnattributed, Is.Zero, "every continuation names its model");
        Assert.That(report.ContinuationsByModel.Values.Sum(), Is.EqualTo(expectedContinuations), "each continuation counted once");
    }

    static async Task<string> EventuallyAsync(Func<Task<string>> read, string expected)
    {
        var value = await read();
        for (var i = 0; i < 20 && value != expected; i++)
        {
            await Task.Delay(250);
            value = await read();
        }
        return value;
    }

    // The directory forgets a worker after 5 s of silence; the cluster declares a killed node dead in a few seconds.
    static readonly TimeSpan WorkersGoneAfter = TimeSpan.FromSeconds(6);

    // Until the front-end's pool has heard from the workers, a turn would find none.
    static async Task WaitForWorkersAsync(ServerNode frontend, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var members = await ClusterFixture.MembersAsync(frontend);
            if (members.Count >= count + 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
                return;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{count} workers did not join within 60 s.");
    }

    static string BatchSize(string metrics) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith("adventure_inference_batch_size", StringComparison.Ordinal))?.Split(' ')[^1].Trim() ?? "?";

    // The worker with a sequence in its batch now (its engine's batch-size gauge).
    static async Task<ServerNode> ServingWorkerAsync(ClusterFixture cluster)
    {
        foreach (var node in cluster.Nodes.Skip(1))
        {
            var metrics = await node.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            var busy = metrics.Split('\n').Any(l => l.StartsWith("adventure_inference_batch_size", StringComparison.Ordinal) && !l.TrimEnd().EndsWith(" 0", StringComparison.Ordinal));
            if (busy)
                return node;
        }
        throw new InvalidOperationException("No worker has a sequence in its batch.");
    }
}
