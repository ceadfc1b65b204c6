using System.Net.Http.Json;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class LimitsTests
{
    [Test]
    public async Task A_flood_of_malformed_and_oversized_calls_leaves_another_game_alone_and_the_flooder_is_rate_limited()
    {
        await using var server = await GameServer.StartAsync("--Game:InvocationsPerMinute=40", "--Game:MaximumReceiveMessageSize=4096");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var mallory = await GameServer.PlayerAsync(server, "mallory");
        await using var oversized = await GameServer.PlayerAsync(server, "mallory");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I open the chest");
        // Calls that do not bind (bad arguments, unknown methods) are refused by SignalR before any hub code;
        // the well-formed ones count against the account's call limit.
        var flood = Enumerable.Range(0, 150).Select(i => (i % 3) switch
        {
            0 => mallory.Hub.SendCoreAsync("Act", ["not-a-guid", 42, null]),
            1 => mallory.Hub.SendCoreAsync("NoSuchMethod", [i]),
            _ => mallory.Hub.SendCoreAsync("SetTyping", [created.Id, true]),
        });
        await Task.WhenAll(flood);
        await oversized.Hub.SendCoreAsync("Act", [created.Id, "Do", new string('x', 10_000)]);
        var end = await alice.WaitForEndAsync(block);

        Assert.That(end.State, Is.EqualTo("Done"));
        Assert.That(alice.Sequences(block), Is.EqualTo(Enumerable.Range(1, end.LastSequence)));
        Assert.That(await oversized.WaitForClosedAsync(), Is.Not.Null, "an oversized message closes that connection");
        Assert.That(async () => await mallory.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: RateLimited:"));
        // Limits are per account: alice plays on.
        var next = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I close the chest");
        Assert.That((await alice.WaitForEndAsync(next)).State, Is.EqualTo("Done"));
    }

    [Test]
    public async Task Actions_beyond_the_per_minute_limit_are_refused_and_the_connection_stays_usable()
    {
        await using var server = await GameServer.StartAsync("--Game:ActionsPerMinute=2");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario(maxNewTokens: 4));

        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I step down"));
        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I step down again"));

        Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I run"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: RateLimited: At most 2 actions a minute"));
        Assert.That((await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks, Has.Count.EqualTo(5));
    }

    [Test]
    public async Task The_configured_adventure_count_and_action_length_limits_are_enforced_with_reasons()
    {
        await using var server = await GameServer.StartAsync("--Game:AdventuresPerAccount=1", "--Game:MaxActionLength=20");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        Assert.That(async () => await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario()),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: TooManyAdventures:"));
        Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I walk very slowly down the long stairs"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: TooLong: That action is too long (39 characters; at most 20)"));
        Assert.That((await alice.CallAsync<AdventureView>("GetAdventure", created.Id)).Blocks, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_connection_beyond_the_per_account_limit_is_closed_with_the_reason()
    {
        await using var server = await GameServer.StartAsync("--Game:ConnectionsPerAccount=2");
        await using var one = await GameServer.PlayerAsync(server, "alice");
        await using var two = await GameServer.PlayerAsync(server, "alice");

        Exception? refusal;
        try
        {
            await using var three = await GameServer.PlayerAsync(server, "alice");
            refusal = await three.WaitForClosedAsync();
        }
        catch (Exception e) when (e is not AssertionException)
        {
            refusal = e;
        }

        Assert.That(refusal?.Message, Does.Contain("TooManyConnections"));
        Assert.That(await one.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }

    [Test]
    public async Task An_action_the_engine_is_too_busy_for_is_kept_and_its_continuation_marked_failed_for_a_retry()
    {
        await using var server = await GameServer.StartAsync("--Inference:QueueCapacity=0");
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        Assert.That(async () => await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I pull the lever"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: EngineBusy: The story engine is busy; try again in a moment"));
        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);

        Assert.That(story.Blocks.Select(b => (b.Text, b.State)), Is.EqualTo(new[]
        {
            (created.Blocks[0].Text, "Done"), ("> You pull the lever.", "Done"), (string.Empty, "Failed"),
        }));
        Assert.That(async () => await alice.CallAsync<Guid>("Retry", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("EngineBusy:"));
    }

    [Test]
    public async Task Metrics_show_a_non_zero_time_to_first_token_after_a_game()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I look around"));

        var metrics = await server.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var sum = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("adventure_inference_time_to_first_token", StringComparison.Ordinal) && l.Contains("_sum", StringComparison.Ordinal));

        Assert.That(sum, Is.Not.Null, metrics);
        Assert.That(double.Parse(sum!.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(metrics, Does.Contain("kestrel").Or.Contain("http_server_request_duration"));
    }
}
