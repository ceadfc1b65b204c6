using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

[Category("Browser")]
[CancelAfter(120_000)]
public sealed class ModerationTests
{
    [Test]
    public async Task A_player_banned_by_a_game_master_is_told_so_and_cannot_join_again()
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        var bob = await BrowserSuite.NewPlayerAsync("bob");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 24);
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));

        var gm = await BrowserSuite.Browser.NewPageAsync(BrowserSuite.Server.Address);
        await gm.GotoAsync("/gm");
        await gm.GetByLabel("Name").FillAsync(TestServer.GameMasterName);
        await gm.GetByLabel("Password").FillAsync(TestServer.GameMasterPassword);
        await gm.GetByLabel("Password").PressAsync("Enter");
        await gm.GetByRole(AriaRole.Button, new() { Name = alice.AdventureTitle }).ClickAsync();
        await Expect(gm.Locator("#story article.opening")).ToContainTextAsync($"{alice.UserName} the Brave", new() { Timeout = Browser.TimeoutMs });

        await alice.ActAsync("Do", "I climb towards the pass.");
        await Expect(gm.Locator("#story article.continuation")).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        await alice.WaitForContinuationsAsync(1);
        await Expect(gm.Locator("#story article[data-state=Writing]")).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });
        await Expect(gm.Locator(".dashboard [role=status]")).ToContainTextAsync("tokens/s", new() { Timeout = Browser.TimeoutMs });
        await gm.WaitForTimeoutAsync(2500); // a few more samples on the charts
        await Screenshots.SaveAsync(gm, "gm-dashboard");

        await gm.GetByLabel("Reason for a kick or ban").FillAsync("spamming");
        await gm.GetByRole(AriaRole.Button, new() { Name = $"Ban {bob.UserName}" }).ClickAsync();

        await Expect(bob.Message).ToContainTextAsync("You were banned from this adventure (spamming)", new() { Timeout = Browser.TimeoutMs });
        await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = "My adventures" })).ToBeVisibleAsync();
        await bob.JoinAsync(code);
        await Expect(bob.Message).ToContainTextAsync("banned", new() { IgnoreCase = true, Timeout = Browser.TimeoutMs });
        await Expect(bob.Story).ToHaveCountAsync(0);
    }
}
