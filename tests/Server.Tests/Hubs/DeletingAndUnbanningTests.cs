using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class DeletingAndUnbanningTests
{
    [Test]
    public async Task Only_the_host_can_delete_an_adventure_and_then_it_is_gone_for_every_member()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);

        Assert.That(async () => await bob.CallAsync("DeleteAdventure", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotHost: Only the host can delete this adventure."));
        Assert.That((await bob.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures")).Select(a => a.Id), Does.Contain(created.Id),
            "a refused delete deletes nothing");

        await alice.CallAsync("DeleteAdventure", created.Id);

        var removed = await bob.WaitForRemovedAsync();
        Assert.That(removed, Is.EqualTo((created.Id, "Deleted: The host deleted this adventure.")));
        Assert.That(await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
        Assert.That(await bob.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
        Assert.That(async () => await bob.CallAsync<AdventureView>("Join", created.JoinCode),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotFound:"));
    }

    [Test]
    public async Task A_game_master_sees_the_banned_users_by_the_names_they_had_and_an_unban_takes_them_off_the_list()
    {
        await using var server = await GameServer.StartAsync();
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        var joined = await bob.CallAsync<AdventureView>("Join", created.JoinCode);
        var bobId = joined.Members.Single(m => m.DisplayName == "bob").UserId;

        await gm.CallAsync("Ban", created.Id, bobId, null);

        var watched = await gm.CallAsync<AdventureView>("Watch", created.Id);
        var asPlayer = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(watched.Banned, Is.EqualTo(new[] { new BannedUserView(bobId, "bob") }));
        Assert.That(asPlayer.Banned, Is.Empty, "players are not sent the ban list");

        await gm.CallAsync("Unban", created.Id, bobId);
        Assert.That((await gm.CallAsync<AdventureView>("Watch", created.Id)).Banned, Is.Empty);
    }
}
