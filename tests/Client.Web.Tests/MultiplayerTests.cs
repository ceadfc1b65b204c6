using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

[Category("Browser")]
[CancelAfter(120_000)]
public sealed class MultiplayerTests
{
    [Test]
    public async Task Two_players_see_the_same_streamed_continuation_and_an_undo_in_one_page_shows_in_the_other()
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        var bob = await BrowserSuite.NewPhonePlayerAsync("bob");
        await bob.RecordStreamAsync();

        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 24);
        await Screenshots.SaveAsync(alice.Page, "lobby");
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.JoinAsync(code);
        await Expect(bob.Story.Locator("article.opening")).ToContainTextAsync($"{alice.UserName} the Brave", new() { Timeout = Browser.TimeoutMs });
        await bob.ExpectVisibleAsync(alice.Page.Locator($".presence li[data-user={bob.UserName}].online"));

        await alice.ActAsync("Do", "I open the door.");
        await alice.WaitForContinuationsAsync(1);
        await bob.WaitForContinuationsAsync(1);

        var aliceText = await alice.TextOfAsync(alice.Continuations.First);
        var bobText = await bob.TextOfAsync(bob.Continuations.First);
        var streamed = await bob.StreamedAsync();
        Assert.Multiple(() =>
        {
            Assert.That(bobText, Is.EqualTo(aliceText), "both pages end with the same continuation");
            Assert.That(streamed.Where(t => t.Length > 0).ToArray(), Has.Length.GreaterThan(1), "bob's page showed the continuation piece by piece");
        });
        await Expect(bob.Actions.First).ToContainTextAsync(alice.UserName);
        await Expect(bob.Actions.First).ToContainTextAsync("You open the door.");
        await Screenshots.SaveAsync(alice.Page, "story");
        await Screenshots.SaveAsync(bob.Page, "story-on-a-phone");

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();

        await Expect(alice.Actions).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });
        await Expect(alice.Continuations).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Redo" })).ToBeEnabledAsync();
    }

    [Test]
    public async Task A_refused_action_shows_the_servers_reason()
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 24);
        await alice.CreateAdventureAsync();

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Redo" }).EvaluateAsync("b => b.disabled = false");
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = "Redo" }).ClickAsync();

        await Expect(alice.Message).ToContainTextAsync("nothing to redo", new() { IgnoreCase = true, Timeout = Browser.TimeoutMs });
    }
}
