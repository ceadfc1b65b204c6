using Microsoft.Playwright;

namespace AdventureServer.Client.Web.Tests;

/// <summary>Saves full-page screenshots under the test output's artifacts/screenshots/ and attaches them to the test.</summary>
public static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        // A full-page shot of a page taller than its viewport resizes the viewport and back; Chromium then keeps a
        // stale scroll offset, and the next click's press and release land on different elements. Scrolling puts it right.
        await page.EvaluateAsync("() => new Promise(done => { window.scrollTo(0, 0); requestAnimationFrame(() => requestAnimationFrame(done)); })");
        TestContext.AddTestAttachment(path, name);
    }
}
