using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>The client follows the system's dark setting (prefers-color-scheme), players' and game masters' pages alike.</summary>
[Category("Browser")]
[CancelAfter(120_000)]
public sealed class DarkThemeTests
{
    const string Background = "() => getComputedStyle(document.documentElement).backgroundColor";

    [Test]
    public async Task With_the_system_set_to_dark_the_story_and_the_game_master_pages_are_dark_and_light_ones_stay_light()
    {
        var light = await BrowserSuite.NewPlayerAsync("lena", Viewports.Desktop);
        var alice = await BrowserSuite.NewPlayerAsync("alice", Viewports.Desktop, colorScheme: ColorScheme.Dark);
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 16);
        await alice.CreateAdventureAsync();
        await alice.ActAsync("Do", "I look around.");
        await alice.WaitForContinuationsAsync(1);
        await light.Page.GotoAsync("/");

        Assert.That(await alice.Page.EvaluateAsync<string>(Background), Is.EqualTo("rgb(18, 20, 23)"));
        Assert.That(await light.Page.EvaluateAsync<string>(Background), Is.EqualTo("rgb(246, 245, 241)"));
        await Screenshots.SaveAsync(alice.Page, "dark-story-desktop");
        var (width, height) = Viewports.Of(Viewports.Phone);
        await alice.Page.SetViewportSizeAsync(width, height);
        await Expect(alice.Page.Locator(".play")).ToHaveCSSAsync("grid-template-columns", new System.Text.RegularExpressions.Regex(@"^\S+$"));
        await Screenshots.SaveAsync(alice.Page, "dark-story-phone");

        var gm = await GameMasterPage.WatchAsync(alice.AdventureTitle, Viewports.Desktop, colorScheme: ColorScheme.Dark);
        await Expect(gm.Locator("#story article.continuation")).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        Assert.That(await gm.EvaluateAsync<string>(Background), Is.EqualTo("rgb(18, 20, 23)"));
        await Screenshots.SaveAsync(gm, "dark-gm-desktop");
    }
}
