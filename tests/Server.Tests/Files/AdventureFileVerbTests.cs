using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Cli;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Files;

public class AdventureFileVerbTests
{
    [Test]
    public async Task The_export_and_import_verbs_copy_an_adventure_to_another_account_of_the_same_database()
    {
        await using var server = await GameServer.StartAsync();
        string[] at = [$"--Persistence:ConnectionString=Data Source={Path.Combine(server.DataFolder, "adventures.db")}", $"--Accounts:KeysFolder={Path.Combine(server.DataFolder, "keys")}"];
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { AuthorsNote = "Gloomy." });
        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Say, "Hello?"));
        var file = Path.Combine(server.DataFolder, "cellar.json");

        var exported = CommandLine.Invoke(["export", created.Id.ToString(), "--out", file, .. at]);
        var imported = CommandLine.Invoke(["import", file, "--owner", "bob", .. at]);
        var toStdout = CommandLine.Invoke(["export", created.Id.ToString(), .. at]);

        Assert.That(exported.ExitCode, Is.Zero, exported.Error);
        Assert.That(imported.ExitCode, Is.Zero, imported.Error);
        Assert.That(imported.Out, Does.StartWith("Imported \"The Cellar\" as "));
        Assert.That(toStdout.Out, Does.Contain("\"formatVersion\": 1"));
        var mine = await bob.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures");
        var copy = await bob.CallAsync<AdventureView>("GetAdventure", mine.Single().Id);
        var original = await alice.CallAsync<AdventureView>("GetAdventure", created.Id);
        Assert.That(mine.Single().Role, Is.EqualTo("Host"));
        Assert.That(copy.Blocks.Select(b => b.Text), Is.EqualTo(original.Blocks.Select(b => b.Text)));
        Assert.That(copy.AuthorsNote, Is.EqualTo("Gloomy."));
    }

    [Test]
    public async Task The_import_verb_refuses_a_bad_file_or_an_unknown_owner_and_creates_nothing()
    {
        await using var server = await GameServer.StartAsync();
        string[] at = [$"--Persistence:ConnectionString=Data Source={Path.Combine(server.DataFolder, "adventures.db")}", $"--Accounts:KeysFolder={Path.Combine(server.DataFolder, "keys")}"];
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        var bad = Path.Combine(server.DataFolder, "bad.json");
        await File.WriteAllTextAsync(bad, "{\"prompt\": \"Once.\", \"worldinfo\": {\"key\": \"x\"}}");
        var good = Path.Combine(server.DataFolder, "good.json");
        await File.WriteAllTextAsync(good, "{\"prompt\": \"Once upon a time.\", \"actions\": [\" The end.\"]}");

        var refused = CommandLine.Invoke(["import", bad, "--owner", "bob", .. at]);
        var nobody = CommandLine.Invoke(["import", good, "--owner", "nobody", .. at]);
        var missing = CommandLine.Invoke(["export", Guid.NewGuid().ToString(), .. at]);

        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Error, Does.Contain("bad.json cannot be imported: $.worldinfo: expected a list of entries, found an object."));
        Assert.That(nobody.ExitCode, Is.EqualTo(1));
        Assert.That(nobody.Error, Does.Contain("There is no account named 'nobody'."));
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(await bob.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty);
    }
}
