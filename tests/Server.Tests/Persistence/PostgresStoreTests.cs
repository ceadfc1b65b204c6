using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>The whole server on PostgreSQL (<c>Persistence:Provider=Postgres</c>), as a cluster's nodes run it.</summary>
[Category("Postgres")]
public class PostgresStoreTests
{
    [Test]
    public async Task The_server_plays_on_PostgreSQL_and_after_a_restart_the_story_and_the_accounts_are_there()
    {
        var data = TestServer.NewDataFolder();
        var database = await PostgresForTests.CreateDatabaseAsync();
        string[] postgres = ["--Persistence:Provider=Postgres", $"--Persistence:ConnectionString={database}"];
        Guid adventureId, block;
        string text;
        await using (var server = await GameServer.StartInAsync(data, postgres))
        {
            await using var alice = await GameServer.PlayerAsync(server, "alice");
            var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
            adventureId = created.Id;
            block = await alice.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I light the lamp");
            text = (await alice.WaitForEndAsync(block)).Text;
        }

        await using var again = await GameServer.StartInAsync(data, postgres);
        await using var back = await GameServer.PlayerAsync(again, "alice");
        var story = await back.CallAsync<AdventureView>("GetAdventure", adventureId);

        Assert.That(story.Blocks.Select(b => b.Text), Does.Contain("> You light the lamp."));
        Assert.That(story.Blocks.Single(b => b.Id == block).Text, Is.EqualTo(text));
        Assert.That(story.Blocks.Single(b => b.Id == block).State, Is.EqualTo("Done"));
    }
}
