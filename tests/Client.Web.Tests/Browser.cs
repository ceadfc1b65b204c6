using Microsoft.Playwright;

namespace AdventureServer.Client.Web.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, headless, with the flags that keep it from reaching for the
/// network. Playwright's own browser builds are never downloaded.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>How long any wait in a browser test may last before the test fails.</summary>
    public const float TimeoutMs = 45_000;

    readonly IPlaywright _playwright;

    Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium = chromium;
    }

    public IBrowser Chromium { get; }

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"The browser tests need Debian's Chromium at {ChromiumPath}: run `apt-get install chromium`.");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = TimeoutMs,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
        return new Browser(playwright, chromium);
    }

    /// <summary>
    /// A fresh browser context (its own storage, so its own login) with one page on <paramref name="server"/>;
    /// <paramref name="colorScheme"/> is the system setting the page sees (light unless told).
    /// </summary>
    public async Task<IPage> NewPageAsync(Uri server, int width = 1200, int height = 850, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(TimeoutMs);
        context.SetDefaultNavigationTimeout(TimeoutMs);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.CloseAsync();
        _playwright.Dispose();
    }
}
