using AdventureServer.Server.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>What only the SQLite file does.</summary>
public class SqliteFileTests : DatabaseTests
{
    [Test]
    public async Task The_database_runs_in_WAL_mode()
    {
        using var scope = new Scope(Database.Start());

        var mode = await scope.Db.Database.SqlQueryRaw<string>("SELECT journal_mode AS Value FROM pragma_journal_mode").SingleAsync();

        Assert.That(mode, Is.EqualTo("wal"));
    }
}
