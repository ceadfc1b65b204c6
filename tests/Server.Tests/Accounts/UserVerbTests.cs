using AdventureServer.Server.Hubs.Contracts;
using AdventureServer.Server.Tests.Cli;
using AdventureServer.Server.Tests.Hubs;

namespace AdventureServer.Server.Tests.Accounts;

public class UserVerbTests
{
    [Test]
    public async Task The_user_verbs_remove_a_role_lock_and_delete_and_a_running_server_closes_the_connections_they_end()
    {
        await using var server = await GameServer.StartAsync("--Accounts:RevalidateEvery=00:00:01");
        string[] at = [$"--Persistence:ConnectionString=Data Source={Path.Combine(server.DataFolder, "adventures.db")}", $"--Accounts:KeysFolder={Path.Combine(server.DataFolder, "keys")}"];
        await using var gm = await GameServer.GameMasterAsync(server);
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        await using var bob = await GameServer.PlayerAsync(server, "bob");
        await using var carol = await GameServer.PlayerAsync(server, "carol");

        var removed = CommandLine.Invoke(["user", "remove-role", GameServer.GameMasterName, "--role", "gamemaster", .. at]);
        var locked = CommandLine.Invoke(["user", "lock", "alice", .. at]);
        var deleted = CommandLine.Invoke(["user", "delete", "bob", .. at]);
        var unknown = CommandLine.Invoke(["user", "delete", "nobody", .. at]);

        Assert.That((removed.ExitCode, locked.ExitCode, deleted.ExitCode), Is.EqualTo((0, 0, 0)), removed.Error + locked.Error + deleted.Error);
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.Error, Does.Contain("no account named 'nobody'"));
        await Task.WhenAll(gm.WaitForClosedAsync(), alice.WaitForClosedAsync(), bob.WaitForClosedAsync()).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.That(await carol.CallAsync<IReadOnlyList<AdventureSummaryView>>("ListMyAdventures"), Is.Empty, "an unchanged account plays on");
        Assert.That(CommandLine.Invoke(["user", "unlock", "alice", .. at]).ExitCode, Is.Zero);
        Assert.That(await GameServer.TokenAsync(server, "alice"), Is.Not.Empty, "an unlocked account logs in again");
    }
}
