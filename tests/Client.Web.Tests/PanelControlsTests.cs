using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>Story cards, settings (what was saved, out-of-range values, the seed hint), and undo after "erase to here".</summary>
[Category("Browser")]
[CancelAfter(150_000)]
public sealed class PanelControlsTests
{
    [TestCase(Viewports.Desktop)]
    [TestCase(Viewports.Phone)]
    public async Task A_card_shows_at_once_and_once_settings_say_what_was_saved_and_undo_takes_back_an_erase(string size)
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice", size);
        var page = alice.Page;
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 16);
        await alice.CreateAdventureAsync();

        var cards = page.Locator("details.panel", new() { HasText = "Story cards" });
        await cards.Locator("summary").ClickAsync();
        var newCard = cards.Locator("form.card-entry").Last;
        await newCard.GetByLabel("Title").FillAsync("The old mill");
        await newCard.GetByLabel("Trigger keys").FillAsync("mill, wheel");
        await newCard.GetByLabel("Text", new() { Exact = true }).FillAsync("The mill by the river has stood empty for years.");
        await newCard.GetByRole(AriaRole.Button, new() { Name = "Add card" }).DblClickAsync();

        var saved = cards.Locator("form.card-entry", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Save card" }) });
        await Expect(saved).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        await Expect(saved.GetByLabel("Title")).ToHaveValueAsync("The old mill");
        await Expect(cards.Locator("[role=status]")).ToHaveTextAsync("Added \"The old mill\".");
        await Expect(newCard.GetByLabel("Title")).ToHaveValueAsync("");

        var settings = page.Locator("details.panel", new() { HasText = "Settings" });
        await settings.Locator("summary").ClickAsync();
        var hint = settings.Locator(".seed-hint");
        await Expect(hint).ToBeHiddenAsync();
        await settings.GetByLabel("Temperature").FillAsync("-3");
        await settings.GetByLabel("Seed").FillAsync("42");
        await Expect(hint).ToHaveTextAsync("With a seed, Retry writes the same text again; clear the seed for a different one.");
        await settings.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(settings.Locator("[role=status]")).ToHaveTextAsync("Saved. Temperature -3 is out of range: saved as 0.", new() { Timeout = Browser.TimeoutMs });
        await Expect(settings.GetByLabel("Temperature")).ToHaveValueAsync("0");
        await Expect(settings.GetByLabel("Seed")).ToHaveValueAsync("42");
        await Expect(hint).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, $"card-added-and-settings-saved-{size}");
        // The settings' round trip came after the double click's: a second card would be here by now.
        await Expect(saved).ToHaveCountAsync(1);

        await alice.ActAsync("Do", "I walk to the mill.");
        await alice.WaitForContinuationsAsync(1);
        await alice.ActAsync("Do", "I knock on the door.");
        await alice.WaitForContinuationsAsync(2);
        var firstContinuation = alice.Continuations.First;
        var erase = firstContinuation.GetByRole(AriaRole.Button, new() { Name = "Erase everything after this block" });
        if (size == Viewports.Phone)
        {
            // On a phone the block's tools are behind a tap on the block, not under every block.
            await Expect(alice.Story.GetByRole(AriaRole.Button, new() { Name = "Erase everything after this block" })).ToHaveCountAsync(0);
            await firstContinuation.Locator(".text").ClickAsync();
            await Expect(erase).ToBeVisibleAsync();
            await Expect(alice.Story.GetByRole(AriaRole.Button, new() { Name = "Erase everything after this block" })).ToHaveCountAsync(1);
            await Screenshots.SaveAsync(page, "block-tools-after-a-tap-phone");
        }
        else
        {
            await firstContinuation.HoverAsync();
            await Expect(erase).ToBeVisibleAsync();
        }

        await erase.ClickAsync();
        await Expect(alice.Actions).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        await Expect(alice.Continuations).ToHaveCountAsync(1);
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();

        await Expect(alice.Actions).ToHaveCountAsync(2, new() { Timeout = Browser.TimeoutMs });
        await Expect(alice.Continuations).ToHaveCountAsync(2);
        await Expect(alice.Actions.Last).ToContainTextAsync("You knock on the door.");
    }
}
