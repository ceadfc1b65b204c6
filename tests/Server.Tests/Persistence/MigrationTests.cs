using AdventureServer.Server.Accounts;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Persistence.Postgres;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>Each provider has its own migrations; a model change must come with a migration for both.</summary>
public class MigrationTests
{
    static IEnumerable<TestCaseData> Contexts()
    {
        yield return Case(new GameDbContextFactory(), "SQLite game");
        yield return Case(new AccountsDbContextFactory(), "SQLite accounts");
        yield return Case(new PostgresGameDbContextFactory(), "PostgreSQL game");
        yield return Case(new PostgresAccountsDbContextFactory(), "PostgreSQL accounts");
    }

    static TestCaseData Case<T>(IDesignTimeDbContextFactory<T> factory, string name)
        where T : DbContext =>
        new TestCaseData(new Func<DbContext>(() => factory.CreateDbContext([]))).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Contexts))]
    public void The_migrations_describe_the_model_as_it_is(Func<DbContext> create)
    {
        using var db = create();

        Assert.That(db.Database.HasPendingModelChanges(), Is.False,
            "the model changed without a migration: run `dotnet ef migrations add NAME --project Server --context <context>` for each provider");
    }
}
