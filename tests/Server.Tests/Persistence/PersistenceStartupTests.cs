namespace AdventureServer.Server.Tests.Persistence;

public class PersistenceStartupTests
{
    [Test]
    public async Task The_real_host_creates_and_migrates_the_configured_database_file_at_start_up()
    {
        var folder = Directory.CreateTempSubdirectory("adventures-host-").FullName;
        var file = Path.Combine(folder, "nested", "game.db");
        try
        {
            await using (var server = await TestServer.StartAsync($"--Persistence:ConnectionString=Data Source={file}"))
            {
                using var scope = new Scope(server.Services);
                Assert.That(File.Exists(file), Is.True);
                Assert.That(await scope.Repository.ListForUserAsync("anyone"), Is.Empty);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
