using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>The seeded game master's page at <c>/gm</c>, logged in.</summary>
public static class GameMasterPage
{
    /// <summary>Opens <c>/gm</c> on a screen of <paramref name="size"/>, logs in and watches the adventure titled <paramref name="title"/>.</summary>
    public static async Task<IPage> WatchAsync(string title, string size = Viewports.Desktop, TestServer? server = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var (width, height) = Viewports.Of(size);
        var gm = await BrowserSuite.Browser.NewPageAsync((server ?? BrowserSuite.Server).Address, width, height, colorScheme);
        await gm.GotoAsync("/gm");
        await gm.GetByLabel("Name").FillAsync(TestServer.GameMasterName);
        await gm.GetByLabel("Password").FillAsync(TestServer.GameMasterPassword);
        await gm.GetByLabel("Password").PressAsync("Enter");
        await gm.GetByRole(AriaRole.Button, new() { Name = title }).ClickAsync();
        await Expect(gm.Locator("#story article.opening")).ToBeVisibleAsync(new() { Timeout = Browser.TimeoutMs });
        return gm;
    }
}
