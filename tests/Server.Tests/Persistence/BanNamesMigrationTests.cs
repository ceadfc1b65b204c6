using AdventureServer.Game.Adventures;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AdventureServer.Server.Tests.Persistence;

public class BanNamesMigrationTests : DatabaseTests
{
    const string BeforeBanNames = "20261127134124_InitialCreate";

    [Test]
    public async Task A_ban_keeps_its_name_and_an_erase_stays_undoable_after_a_restart()
    {
        var adventure = Story.Rich();
        adventure.Ban(Story.Host, Story.Bob.UserId);
        var full = adventure.StoryText;
        adventure.EraseAfter(Story.Host, adventure.Blocks[0].Id);
        var provider = await StartWithAsync(adventure);

        using var scope = new Scope(provider);
        var loaded = (await scope.Repository.LoadAsync(adventure.Id))!;
        Assert.That(loaded.BannedUsers, Is.EqualTo(new[] { new BannedUser(Story.Bob.UserId, Story.Bob.DisplayName), new BannedUser("troll", "troll") }));
        loaded.Undo(Story.Host);
        Assert.That(loaded.StoryText, Is.EqualTo(full));
    }

    [Test]
    public async Task Bans_and_redo_steps_stored_before_the_ban_names_migration_load_after_it()
    {
        var adventure = Story.Rich();
        adventure.Ban(Story.Host, Story.Bob.UserId);
        var provider = await StartWithAsync(adventure);
        using (var scope = new Scope(provider))
        {
            // Back to the stored form of the first migration: bans as ids, the redo stack as a bare list of steps.
            await scope.Db.GetService<IMigrator>().MigrateAsync(BeforeBanNames);
            // Read as raw columns: the entity has columns later migrations add, which this schema lacks.
            var banned = await scope.Db.Database.SqlQueryRaw<string>("SELECT BannedJson AS Value FROM Adventures").SingleAsync();
            var redo = await scope.Db.Database.SqlQueryRaw<string>("SELECT RedoStackJson AS Value FROM Adventures").SingleAsync();
            Assert.That(banned, Is.EqualTo("[\"bob\",\"troll\"]"));
            Assert.That(redo, Does.StartWith("[["));
        }

        using var restarted = new Scope(Database.Start());
        var loaded = (await restarted.Repository.LoadAsync(adventure.Id))!;

        Assert.That(loaded.BannedUsers.Select(b => b.UserId), Is.EqualTo(new[] { "bob", "troll" }), "the id stands in for a name the old row never kept");
        Assert.That(loaded.CanRedoAnything, Is.True);
        Assert.That(loaded.CanJoin(Story.Bob.UserId)?.Reason, Is.EqualTo(Game.Rules.RuleReason.Banned));
    }
}
