using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>The game master's view: undone blocks show live, and banned players are listed by name with Unban.</summary>
[Category("Browser")]
[CancelAfter(150_000)]
public sealed class GameMasterControlsTests
{
    [TestCase(Viewports.Desktop)]
    [TestCase(Viewports.Phone)]
    public async Task A_game_master_sees_an_undo_live_and_unbans_a_player_by_the_name_they_had(string size)
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        var bob = await BrowserSuite.NewPlayerAsync("bob");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 16);
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));
        var gm = await GameMasterPage.WatchAsync(alice.AdventureTitle, size);

        await alice.ActAsync("Do", "I climb the tower.");
        await alice.WaitForContinuationsAsync(1);
        var watched = gm.Locator("#story");
        await Expect(watched.Locator("article.continuation:not([data-state=Writing])")).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();

        await Expect(watched.Locator("article[data-hidden=true]")).ToHaveCountAsync(2, new() { Timeout = Browser.TimeoutMs });
        await Expect(watched.Locator("article.action[data-hidden=true]")).ToContainTextAsync("(hidden)");
        await Screenshots.SaveAsync(gm, $"gm-undone-blocks-live-{size}");

        await gm.GetByRole(AriaRole.Button, new() { Name = $"Ban {bob.UserName}" }).ClickAsync();
        var banned = gm.GetByRole(AriaRole.List, new() { Name = "Banned players" });
        await Expect(banned.Locator($"li[data-user={bob.UserName}]")).ToContainTextAsync(bob.UserName, new() { Timeout = Browser.TimeoutMs });
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "My adventures" })).ToBeVisibleAsync(new() { Timeout = Browser.TimeoutMs });
        await Screenshots.SaveAsync(gm, $"gm-unban-list-{size}");

        await banned.GetByRole(AriaRole.Button, new() { Name = $"Unban {bob.UserName}" }).ClickAsync();
        await Expect(banned).ToHaveTextAsync("Nobody is banned.", new() { Timeout = Browser.TimeoutMs });
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));
    }
}
