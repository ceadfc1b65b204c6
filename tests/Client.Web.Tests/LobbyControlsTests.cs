using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>Creating with a turn policy and a party cap, leaving, and deleting, on a desktop and a phone.</summary>
[Category("Browser")]
[CancelAfter(150_000)]
public sealed class LobbyControlsTests
{
    static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = Browser.TimeoutMs };

    [TestCase(Viewports.Desktop)]
    [TestCase(Viewports.Phone)]
    public async Task A_host_sets_the_turns_and_party_cap_a_player_leaves_and_the_host_deletes_the_adventure_after_confirming(string size)
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice", size);
        var bob = await BrowserSuite.NewPlayerAsync("bob", size);
        var carol = await BrowserSuite.NewPlayerAsync("carol", size);
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 24);
        await alice.Page.GetByLabel("Turns").SelectOptionAsync("RoundRobin");
        await alice.Page.GetByLabel("Party size").FillAsync("2");
        await Screenshots.SaveAsync(alice.Page, $"lobby-turns-and-party-size-{size}");
        var code = await alice.CreateAdventureAsync();
        await Expect(alice.Page.Locator(".rules")).ToHaveTextAsync("Round robin · party of up to 2");
        await Expect(alice.Page.GetByRole(AriaRole.Button, new() { Name = "Leave adventure" })).ToBeHiddenAsync();

        await bob.RegisterAsync();
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));
        await carol.RegisterAsync();
        await carol.JoinAsync(code);
        // The refusal is the server's sentence alone, without its reason word ("PartyFull: ...").
        await Expect(carol.Message).ToHaveTextAsync("The party is full (2 members).", new() { Timeout = Browser.TimeoutMs });

        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Leave adventure" }).ClickAsync();
        await Expect(bob.Message).ToHaveTextAsync($"You left \"{alice.AdventureTitle}\".", new() { Timeout = Browser.TimeoutMs });
        await Expect(bob.Page.Locator(".adventures")).ToContainTextAsync("None yet", new() { Timeout = Browser.TimeoutMs });
        await Screenshots.SaveAsync(bob.Page, $"left-the-adventure-{size}");
        await Expect(alice.Page.Locator($".presence li[data-user={bob.UserName}]")).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });

        await alice.Page.GetByRole(AriaRole.Link, new() { Name = "AdventureServer" }).ClickAsync();
        var mine = alice.Page.Locator(".adventures");
        await Expect(mine).ToContainTextAsync(alice.AdventureTitle, new() { Timeout = Browser.TimeoutMs });
        await alice.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {alice.AdventureTitle}" }).ClickAsync();
        var confirm = alice.Page.GetByRole(AriaRole.Group, new() { Name = $"Delete {alice.AdventureTitle}?" });
        await Expect(confirm).ToBeVisibleAsync(Visible);
        await Screenshots.SaveAsync(alice.Page, $"delete-confirmation-{size}");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(mine).ToContainTextAsync(alice.AdventureTitle);

        await alice.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {alice.AdventureTitle}" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, delete it" }).ClickAsync();

        await Expect(alice.Message).ToHaveTextAsync($"Deleted \"{alice.AdventureTitle}\".", new() { Timeout = Browser.TimeoutMs });
        await Expect(mine).Not.ToContainTextAsync(alice.AdventureTitle, new() { Timeout = Browser.TimeoutMs });
        await Expect(mine).ToContainTextAsync("None yet");
        await carol.JoinAsync(code);
        await Expect(carol.Message).ToHaveTextAsync("No adventure has that join code.", new() { Timeout = Browser.TimeoutMs });
    }
}
