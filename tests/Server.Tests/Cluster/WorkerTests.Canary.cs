using System.Globalization;
using AdventureServer.Game.Story;
using AdventureServer.LoadTest.Reporting;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;
using AdventureServer.Server.Workers;

namespace AdventureServer.Server.Tests.Cluster;

// Issue 21: a turn stays on its model, and a canary sends a share of the adventures to a new model first.
public partial class WorkerTests
{
    [Test]
    public async Task A_worker_killed_mid_turn_hands_the_turn_only_to_a_worker_on_the_same_model_and_with_none_the_turn_fails_keeping_its_text()
    {
        var (cluster, frontend) = await StartWithWorkersAsync(2);
        await using var gm = await cluster.GameMasterAsync(frontend);
        // A canary taking no adventure: node-b serves the new model, every adventure stays on node-c's old one.
        await gm.CallAsync<EngineStateView>("StartCanary", string.Empty, 0.0);
        var (alice, _, block) = await StartTurnAsync(cluster, frontend, maxNewTokens: 200);
        await using var _ = alice;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var serving = await ServingWorkerAsync(cluster);
        serving.Kill();
        var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(60));
        var streamed = alice.StreamedText(block);

        await TestContext.Progress.WriteLineAsync($"Killed {serving.Name}; the turn ended {end.State} ({end.Message}) naming {end.Model ?? "no model"} after {end.LastSequence} deltas");
        Assert.Multiple(() =>
        {
            Assert.That(serving.Name, Is.EqualTo("node-c"), "the old model's worker had the turn");
            Assert.That(end.State, Is.EqualTo("Failed"), "not resumed on node-b, which serves another model");
            Assert.That(end.Message, Does.Contain($"no other worker serves {OldModel}"));
            Assert.That(end.Model, Is.EqualTo(OldModel));
            Assert.That(end.Text.Trim(), Is.Not.Empty.And.StartsWith(streamed.Trim()[..Math.Min(10, streamed.Trim().Length)]), "what was written is kept");
        });
    }

    [Test]
    public async Task A_canary_writes_exactly_the_adventures_of_its_share_and_its_promotion_rolls_the_rest_under_load_with_no_failed_action()
    {
        const double Share = 0.5;
        var (cluster, frontend) = await StartWithWorkersAsync(2);
        await using var gm = await cluster.GameMasterAsync(frontend);
        await gm.CallAsync<EngineStateView>("StartCanary", string.Empty, Share);
        // Long enough to run through the promotion: two parties of two, ten actions each.
        var load = LoadAsync(frontend, actions: 10);

        // Adventures until each side has two: a turn each, whose end names the model that wrote it.
        await using var alice = await cluster.PlayerAsync("alice", frontend);
        var written = new List<(Guid Adventure, bool Canary, string? Model)>();
        while (written.Count < 12 && (written.Count(w => w.Canary) < 2 || written.Count(w => !w.Canary) < 2))
        {
            var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 12));
            await alice.OpenAsync(created.Id);
            var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I open the heavy door");
            var end = await alice.FollowToEndAsync(block, TimeSpan.FromSeconds(90));
            written.Add((created.Id, RendezvousHash.CanaryPoint(created.Id) < Share, end.Model));
        }

        await gm.CallAsync<EngineStateView>("PromoteCanary");
        var promotedUnderLoad = !load.IsCompleted;
        var report = await load;
        // After the promotion every adventure, old side included, is written by the new model.
        var oldSide = written.First(w => !w.Canary).Adventure;
        var next = await alice.CallAsync<Guid>("Act", oldSide, ActionKind.Do, "I go down the stairs");
        var after = await alice.FollowToEndAsync(next, TimeSpan.FromSeconds(90));

        await TestContext.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Share {Share}: {string.Join(", ", written.Select(w => $"{(w.Canary ? "canary" : "old")}->{w.Model}"))}; after promotion: {after.Model}\n{ReportWriter.Table(report)}"));
        Assert.Multiple(() =>
        {
            foreach (var (adventure, canary, model) in written)
                Assert.That(model, Is.EqualTo(canary ? NewModel : OldModel), $"adventure {adventure} is on the {(canary ? "canary" : "old")} side");
            Assert.That(after.State, Is.EqualTo("Done"), after.Message);
            Assert.That(after.Model, Is.EqualTo(NewModel), "the promotion switched the old side's worker");
            Assert.That(promotedUnderLoad, Is.True, "the load ran until the promotion was done");
            AssertNoActionFailed(report, expectedActions: 40);
            AssertOneModelEach(report, expectedContinuations: 40);
        });
    }
}
