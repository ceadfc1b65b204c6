using AdventureServer.Game.Adventures;
using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Tests.Persistence;

public class ExportImportTests : DatabaseTests
{
    [Test]
    public async Task Export_then_import_gives_a_new_adventure_with_the_identical_story()
    {
        var original = Story.Rich();
        var provider = await StartWithAsync(original);

        var importer = new Actor("carol", "Carol");
        Guid copyId;
        using (var scope = new Scope(provider))
        {
            var json = (await scope.Repository.ExportAsync(original.Id))!;
            copyId = (await scope.Repository.ImportAsync(json, importer)).Id;
        }

        using var reader = new Scope(provider);
        var copy = (await reader.Repository.LoadAsync(copyId))!;
        Assert.That(copy.Id, Is.Not.EqualTo(original.Id));
        Assert.That(copy.JoinCode, Is.Not.EqualTo(original.JoinCode));
        Assert.That(copy.StoryText, Is.EqualTo(original.StoryText));
        Assert.That(copy.Blocks.Select(WithoutId), Is.EqualTo(original.Blocks.Select(WithoutId)));
        Assert.That(copy.Blocks.Select(b => b.Id), Has.None.AnyOf(original.Blocks.Select(b => b.Id).ToArray()));
        Assert.That(copy.Memory, Is.EqualTo(original.Memory));
        Assert.That(copy.AuthorsNote, Is.EqualTo(original.AuthorsNote));
        Assert.That(copy.StoryCards, Is.EqualTo(original.StoryCards));
        Assert.That(copy.Settings, Is.EqualTo(original.Settings));
        Assert.That(copy.BannedWords, Is.EqualTo(original.BannedWords));
        Assert.That(copy.TurnPolicy, Is.EqualTo(original.TurnPolicy));
        Assert.That(copy.Members, Is.EqualTo(new[] { new Member("carol", "Carol", MemberRole.Host) }));
        copy.Redo(importer);
        Assert.That(copy.StoryText, Does.EndWith("Thunder rolls.\nRain falls.\n"), "the redo stack points at the copied blocks");
    }

    [Test]
    public void Importing_something_that_is_not_an_export_is_refused()
    {
        using var scope = new Scope(Database.Start());

        var error = Assert.ThrowsAsync<GameRuleException>(() => scope.Repository.ImportAsync("{\"format\":\"other\"}", new Actor("carol", "Carol")));

        Assert.That(error!.Message, Does.Contain("format"));
    }

    // Compares everything a block holds but its id, as JSON-ish text (lists compare by content).
    static string WithoutId(StoryBlock b) =>
        string.Join('|', b.Type, b.AuthorId, b.AuthorName, b.Kind, b.TypedText, b.Shown, b.Hidden,
            string.Join('/', b.Alternatives.Select(a => $"{a.State}:{a.Text}")), string.Join('/', b.History));
}
