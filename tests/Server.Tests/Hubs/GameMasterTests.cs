using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace AdventureServer.Server.Tests.Hubs;

public class GameMasterTests
{
    [Test]
    public async Task A_player_cannot_connect_to_the_game_master_hub()
    {
        await using var server = await GameServer.StartAsync();
        var token = await GameServer.TokenAsync(server, "alice");

        Assert.That(async () => await PlayerConnection.ConnectAsync(server.Address, token, "alice", "/hubs/gm"),
            Throws.InstanceOf<HttpRequestException>().With.Message.Contains("403"));
    }

    [Test]
    public async Task A_kicked_player_may_rejoin_but_a_banned_one_may_not_until_unbanned()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var joined = await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        var bobId = joined.Members.Single(m => m.DisplayName == "bob").UserId;

        await gm.CallAsync("Kick", created.Id, bobId, "spamming");
        var kicked = await bob.WaitForRemovedAsync();
        Assert.That(kicked.Reason, Does.StartWith("Kicked:").And.Contain("spamming"));
        var rejoined = await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        Assert.That(rejoined.Members.Select(m => m.DisplayName), Does.Contain("bob"));

        await gm.CallAsync("Ban", created.Id, bobId, null);
        Assert.That(async () => await bob.CallAsync<AdventureView>("Join", created.JoinCode),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Banned:"));
        Assert.That(async () => await bob.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I sneak back in"),
            Throws.InstanceOf<HubException>().With.Message.Contains("HubException: Banned:"));

        await gm.CallAsync("Unban", created.Id, bobId);
        Assert.That((await bob.CallAsync<AdventureView>("Join", created.JoinCode)).Members.Select(m => m.UserId), Does.Contain(bobId));
    }

    [Test]
    public async Task A_game_master_watches_a_story_live_narrates_into_it_and_sees_who_is_connected()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        var live = await gm.CallAsync<IReadOnlyList<LiveAdventureView>>("ListLiveAdventures");
        await gm.CallAsync<AdventureView>("Watch", created.Id);
        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I go down the stairs");
        var playerEnd = await alice.WaitForEndAsync(block);
        var masterEnd = await gm.WaitForEndAsync(block);
        var narrated = await gm.CallAsync<Guid>("Narrate", created.Id, "A cold wind blows out every candle.");
        await alice.WaitForEndAsync(narrated);

        var adventure = live.Single(a => a.Id == created.Id);
        Assert.That(adventure.Members.Single().Connected, Is.True);
        Assert.That(gm.StreamedText(block), Is.EqualTo(alice.StreamedText(block)));
        Assert.That(masterEnd, Is.EqualTo(playerEnd));
        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(story.Blocks.Select(b => b.Text), Does.Contain("A cold wind blows out every candle."));
    }

    [Test]
    public async Task The_engine_state_is_available_on_demand_and_pushed_to_subscribers()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        var pushed = new TaskCompletionSource<EngineStateView>(TaskCreationOptions.RunContinuationsAsynchronously);
        gm.Hub.On<EngineStateView>("EngineState", s => pushed.TrySetResult(s));

        var state = await gm.CallAsync<EngineStateView>("GetEngineState");
        await gm.CallAsync("SubscribeEngineState");
        var first = await pushed.Task.WaitAsync(PlayerConnection.Timeout);

        Assert.That(state.ModelName, Is.Not.Empty);
        Assert.That(first.ModelName, Is.EqualTo(state.ModelName));
        Assert.That(first.QueueLength, Is.Zero);
    }

    [Test]
    public async Task A_game_master_switches_the_model_and_the_next_continuation_uses_it()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var before = await gm.CallAsync<EngineStateView>("GetEngineState");

        var after = await gm.CallAsync<EngineStateView>("SwitchModel", "");
        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light the lantern");
        var end = await alice.WaitForEndAsync(block);

        Assert.That(before.ModelName, Is.EqualTo("tiny-gpt2-a"));
        Assert.That(after.ModelName, Is.EqualTo("adventure-default"));
        Assert.That(end.State, Is.EqualTo("Done"));
    }

    [Test]
    public async Task A_model_that_cannot_be_loaded_is_refused_and_the_old_one_keeps_serving()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);

        var error = Assert.ThrowsAsync<HubException>(() => gm.CallAsync<EngineStateView>("SwitchModel", "/no/such/model"));
        var state = await gm.CallAsync<EngineStateView>("GetEngineState");

        Assert.That(error!.Message, Does.Contain("could not be loaded").And.Contain("tiny-gpt2-a keeps serving"));
        Assert.That(state.ModelName, Is.EqualTo("tiny-gpt2-a"));
    }

    [Test]
    public async Task A_single_process_refuses_the_canary_calls_as_invalid_and_keeps_its_model()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);

        var start = Assert.ThrowsAsync<HubException>(() => gm.CallAsync<EngineStateView>("StartCanary", "", 0.5));
        var promote = Assert.ThrowsAsync<HubException>(() => gm.CallAsync<EngineStateView>("PromoteCanary"));
        var abort = Assert.ThrowsAsync<HubException>(() => gm.CallAsync<EngineStateView>("AbortCanary", ""));
        var state = await gm.CallAsync<EngineStateView>("GetEngineState");

        foreach (var error in new[] { start, promote, abort })
            Assert.That(error!.Message, Does.Contain("Invalid").And.Contain("use SwitchModel"));
        Assert.That(state.ModelName, Is.EqualTo("tiny-gpt2-a"));
    }

    [Test]
    public async Task A_continuation_s_end_names_the_model_that_wrote_it()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        var block = await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "I light the lantern");
        var end = await alice.WaitForEndAsync(block);

        Assert.That(end.State, Is.EqualTo("Done"));
        Assert.That(end.Model, Is.EqualTo("tiny-gpt2-a"));
    }
}
