using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class CharacterTests
{
    [Test]
    public async Task A_party_adventure_frames_each_members_actions_with_their_character_name_in_the_prompt()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", Party("Mira"));
        var joined = await bob.CallAsync<AdventureView>("JoinAs", created.JoinCode, "Tomas");

        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "open the door"));
        await bob.WaitForEndAsync(await bob.CallAsync<Guid>("Act", created.Id, ActionKind.Say, "Run"));
        var context = await alice.CallAsync<ContextView>("GetContext", created.Id);

        Assert.That(created.ActionPerson, Is.EqualTo("Third"));
        Assert.That(joined.Members.Select(m => m.CharacterName), Is.EqualTo(new[] { "Mira", "Tomas" }));
        Assert.That(context.Prompt, Does.Contain("\n> Mira opens the door.\n"));
        Assert.That(context.Prompt, Does.EndWith("> Tomas says \"Run.\"\n"));
        Assert.That(context.Prompt, Does.Not.Contain("> You"));
    }

    [Test]
    public async Task A_single_player_adventure_keeps_the_second_person()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { CharacterName = "Mira" });

        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "open the door"));
        var context = await alice.CallAsync<ContextView>("GetContext", created.Id);

        Assert.That(created.ActionPerson, Is.EqualTo("Second"));
        Assert.That(context.Prompt, Does.EndWith("\n> You open the door.\n"));
    }

    [Test]
    public async Task Character_names_and_the_framing_survive_a_restart()
    {
        var data = TestServer.NewDataFolder();
        Guid adventureId;
        await using (var server = await GameServer.StartInAsync(data))
        {
            await using var alice = await GameServer.PlayerAsync(server, "alice");
            await using var bob = await GameServer.PlayerAsync(server, "bob");
            var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
            adventureId = created.Id;
            await bob.CallAsync<AdventureView>("Join", created.JoinCode);
            await alice.CallAsync("ChangeActionPerson", adventureId, ActionPerson.Third);
            Assert.That(await bob.CallAsync<string?>("SetCharacterName", adventureId, "  Tomas "), Is.EqualTo("Tomas"));
        }

        await using var again = await GameServer.StartInAsync(data);
        await using var back = await GameServer.PlayerAsync(again, "bob");
        var story = await back.CallAsync<AdventureView>("GetAdventure", adventureId);
        await back.WaitForEndAsync(await back.CallAsync<Guid>("Act", adventureId, ActionKind.Do, "I light my lamp"));
        var after = await back.CallAsync<AdventureView>("GetAdventure", adventureId);

        Assert.That(story.ActionPerson, Is.EqualTo("Third"));
        Assert.That(story.Members.Select(m => m.CharacterName), Is.EqualTo(new[] { null, "Tomas" }));
        Assert.That(after.Blocks.Single(b => b.Type == "Action").Text, Is.EqualTo("> Tomas lights their lamp."));
    }

    [Test]
    public async Task A_character_name_too_long_or_with_a_line_break_is_refused_and_the_old_name_stays()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", Party("Mira"));

        Assert.That(async () => await bob.CallAsync<AdventureView>("JoinAs", created.JoinCode, "Tom\n> You win"),
            Throws.InstanceOf<HubException>().With.Message.Contains("InvalidSettings: A character name cannot hold line breaks"));
        Assert.That(async () => await alice.CallAsync<string?>("SetCharacterName", created.Id, new string('M', 41)),
            Throws.InstanceOf<HubException>().With.Message.Contains("TooLong: The character name is too long (41 characters; at most 40)"));
        Assert.That(async () => await alice.CallAsync<AdventureView>("CreateAdventure", Party("\"Mira\"")),
            Throws.InstanceOf<HubException>().With.Message.Contains("InvalidSettings:"));
        var story = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(story.Members.Select(m => (m.DisplayName, m.CharacterName)), Is.EqualTo(new[] { ("alice", (string?)"Mira") }));
        Assert.That(await alice.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Only_the_host_chooses_the_framing_and_an_unknown_one_is_refused()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());
        await bob.CallAsync<AdventureView>("Join", created.JoinCode);

        Assert.That(async () => await bob.CallAsync("ChangeActionPerson", created.Id, ActionPerson.Third),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotHost:"));
        Assert.That(async () => await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { ActionPerson = "Fourth" }),
            Throws.InstanceOf<HubException>().With.Message.Contains("Unknown action framing \"Fourth\""));
        Assert.That(async () => await bob.CallAsync<ContextView>("GetContext", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotHost:"));
        var story = await bob.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(story.ActionPerson, Is.EqualTo("Second"));
    }

    static CreateAdventureRequest Party(string hostCharacter) => GameServer.Scenario() with { ActionPerson = "Third", CharacterName = hostCharacter };
}
