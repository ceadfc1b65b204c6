using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Server.Persistence.Export;

namespace AdventureServer.Server.Tests.Persistence;

public class ExportImportTests : DatabaseTests
{
    [Test]
    public async Task Export_then_import_gives_a_new_adventure_with_the_identical_story()
    {
        var original = Story.Party();
        var provider = await StartWithAsync(original);

        var importer = new Actor("carol", "Carol");
        Guid copyId;
        string json;
        using (var scope = new Scope(provider))
        {
            json = (await scope.Repository.ExportAsync(original.Id))!;
            copyId = (await scope.Repository.ImportAsync(json, importer)).Id;
        }

        using var reader = new Scope(provider);
        var copy = (await reader.Repository.LoadAsync(copyId))!;
        Assert.That(json, Does.Contain("\"formatVersion\": 1"));
        Assert.That(copy.Id, Is.Not.EqualTo(original.Id));
        Assert.That(copy.JoinCode, Is.Not.EqualTo(original.JoinCode));
        Assert.That(copy.Title, Is.EqualTo(original.Title));
        Assert.That(copy.StoryText, Is.EqualTo(original.StoryText));
        Assert.That(copy.Blocks.Select(WithoutIds), Is.EqualTo(original.Blocks.Select(WithoutIds)));
        Assert.That(copy.Blocks.Select(b => b.Id), Has.None.AnyOf(original.Blocks.Select(b => b.Id).ToArray()));
        Assert.That(copy.Memory, Is.EqualTo(original.Memory));
        Assert.That(copy.AuthorsNote, Is.EqualTo(original.AuthorsNote));
        Assert.That(copy.StoryCards.Select(c => (c.Title, string.Join(',', c.Keys), c.Text, c.Enabled)),
            Is.EqualTo(original.StoryCards.Select(c => (c.Title, string.Join(',', c.Keys), c.Text, c.Enabled))));
        Assert.That(copy.Settings, Is.EqualTo(original.Settings));
        Assert.That(copy.BannedWords, Is.EqualTo(original.BannedWords));
        Assert.That(copy.TurnPolicy, Is.EqualTo(original.TurnPolicy));
        Assert.That(copy.PartyCap, Is.EqualTo(original.PartyCap));
        Assert.That(copy.ActionPerson, Is.EqualTo(ActionPerson.Third));
        Assert.That(copy.Members, Is.EqualTo(new[] { new Member("carol", "Carol", MemberRole.Host) { CharacterName = "Mira" } }),
            "the importer takes the host's seat and character");
        Assert.That(copy.Muted.Concat(copy.Banned), Is.Empty);
        Assert.That(json, Does.Contain("\"characterName\": \"Sera\""), "every member's character name is in the file");
        copy.Redo(importer);
        Assert.That(copy.StoryText, Does.EndWith("Thunder rolls.\nRain falls.\n"), "the redo stack points at the copied blocks");
    }

    [Test]
    public async Task An_erase_exported_and_imported_is_still_the_first_thing_undo_takes_back()
    {
        var original = Story.Rich();
        var full = original.StoryText;
        original.EraseAfter(Story.Host, original.Blocks[0].Id);
        var provider = await StartWithAsync(original);
        var importer = new Actor("carol", "Carol");
        Guid copyId;
        using (var scope = new Scope(provider))
            copyId = (await scope.Repository.ImportAsync((await scope.Repository.ExportAsync(original.Id))!, importer)).Id;

        using var reader = new Scope(provider);
        var copy = (await reader.Repository.LoadAsync(copyId))!;
        copy.Undo(importer);

        Assert.That(copy.StoryText, Is.EqualTo(full));
    }

    [Test]
    public async Task An_export_of_the_copy_is_the_export_of_the_original_but_for_the_members()
    {
        var original = Story.Rich();
        var provider = await StartWithAsync(original);
        using var scope = new Scope(provider);
        var first = (await scope.Repository.ExportAsync(original.Id))!;
        var copy = await scope.Repository.ImportAsync(first, new Actor("carol", "Carol"));

        var second = (await scope.Repository.ExportAsync(copy.Id))!;

        Assert.That(Without(second, "members", "exportedAt"), Is.EqualTo(Without(first, "members", "exportedAt")));
    }

    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":2}", "$.formatVersion: version 2 is not supported")]
    [TestCase("{\"formatVersion\":\"1\"}", "$.formatVersion: must be a whole number")]
    [TestCase("{\"title\":\"x\"}", "$.formatVersion: is missing")]
    [TestCase("[1,2]", "$: expected a JSON object, found an array")]
    [TestCase("{\"formatVersion\":1, \"title\": ", "$: not valid JSON")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[{\"type\":\"Opening\",\"alternatives\":[]}]}", "$.blocks[0].alternatives: must hold at least one text")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[{\"type\":\"Chapter\",\"alternatives\":[{\"text\":\"x\"}]}]}", "$.blocks[0].type: \"Chapter\" is not one of")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[{\"type\":\"Opening\",\"shown\":3,\"alternatives\":[{\"text\":\"x\"}]}]}", "$.blocks[0].shown: is 3, but the block has 1 alternatives")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[],\"redoStack\":[[4]]}", "$.redoStack[0][0]: block 4 does not exist")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"settings\":{},\"blocks\":[]}", "title")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{\"temperature\":\"hot\"},\"blocks\":[]}", "$.settings.temperature")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[],\"members\":[{\"displayName\":\"H\",\"role\":\"Host\",\"characterName\":\"Mi\\nra\"}]}", "$.members[0].characterName: A character name cannot hold line breaks")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[null]}", "$.blocks[0]: must not be null")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[],\"cards\":[{\"title\":\"C\",\"text\":\"t\",\"keys\":[\"a\",null]}]}", "$.cards[0].keys[1]: must not be null")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{\"stopSequences\":[null]},\"blocks\":[],\"bannedWords\":[\"x\"]}", "$.settings.stopSequences[0]: must not be null")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[{\"type\":\"Opening\",\"alternatives\":[null]}]}", "$.blocks[0].alternatives[0]: must not be null")]
    [TestCase("{\"format\":\"adventure-server/adventure\",\"formatVersion\":1,\"title\":\"T\",\"settings\":{},\"blocks\":[],\"erasesOnTop\":2}", "$.erasesOnTop: is 2, but the redo stack has 0 steps")]
    [TestCase("{\"prompt\":\"Once.\",\"actions\":[\"ok\", 5]}", "$.actions[1]: expected a string, found a number")]
    [TestCase("{\"prompt\":\"Once.\",\"actions\":{\"action_count\":1,\"actions\":{\"0\":{\"Options\":[]}}}}", "$.actions.actions['0']['Selected Text']: is missing")]
    [TestCase("{\"prompt\":\"Once.\",\"worldinfo\":[{\"key\":7,\"content\":\"x\"}]}", "$.worldinfo[0].key: expected a string or a list of strings")]
    [TestCase("{\"prompt\":\"\",\"actions\":[]}", "$.prompt: the story is empty")]
    public async Task A_bad_file_is_refused_naming_what_is_wrong_and_nothing_is_created(string json, string expected)
    {
        var provider = Database.Start();
        using var scope = new Scope(provider);

        var error = Assert.ThrowsAsync<AdventureFileException>(() => scope.Repository.ImportAsync(json, new Actor("carol", "Carol")));

        Assert.That(error!.Message, Does.Contain(expected));
        Assert.That(await scope.Repository.ListForUserAsync("carol"), Is.Empty);
    }

    // Compares everything a block holds but its ids, as text (lists compare by content). Author ids are
    // the exporting server's accounts, so the file keeps only the names.
    static string WithoutIds(StoryBlock b) =>
        string.Join('|', b.Type, b.AuthorName, b.Kind, b.TypedText, b.Shown, b.Hidden,
            string.Join('/', b.Alternatives.Select(a => $"{a.State}:{a.Text}")), string.Join('/', b.History));

    static string Without(string json, params string[] fields)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var field in fields)
            node.Remove(field);
        return node.ToJsonString();
    }
}
