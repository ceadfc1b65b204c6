using Microsoft.Playwright;

namespace AdventureServer.Client.Web.Tests;

/// <summary>
/// One server and one Chromium for every browser test (starting them is most of a test's time); each test
/// uses its own accounts and adventures, so the tests stay independent.
/// </summary>
[SetUpFixture]
public sealed class BrowserSuite
{
    /// <summary>Longest continuation an adventure may ask for; each test asks for its own length below it.</summary>
    public const int MaxNewTokens = 400;

    static TestServer? _server;
    static Browser? _browser;
    static int _names;

    public static TestServer Server => _server ?? throw new InvalidOperationException("The browser suite has not started.");

    public static Browser Browser => _browser ?? throw new InvalidOperationException("The browser suite has not started.");

    /// <summary>A user name no other test uses: <c>alice3</c>.</summary>
    public static string NewName(string name) => $"{name}{Interlocked.Increment(ref _names)}";

    /// <summary>A new player's page (its own browser context, so its own login).</summary>
    public static async Task<PlayerPage> NewPlayerAsync(string name, TestServer? server = null) =>
        new(await Browser.NewPageAsync((server ?? Server).Address), NewName(name));

    /// <summary>A new player's page on a screen of <paramref name="size"/> ("desktop" or "phone"), on <paramref name="server"/> or the suite's.</summary>
    public static async Task<PlayerPage> NewPlayerAsync(string name, string size, TestServer? server = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var (width, height) = Viewports.Of(size);
        return new(await Browser.NewPageAsync((server ?? Server).Address, width, height, colorScheme), NewName(name));
    }

    /// <summary>A new player's page on a phone-sized screen.</summary>
    public static async Task<PlayerPage> NewPhonePlayerAsync(string name) =>
        new(await Browser.NewPageAsync(Server.Address, width: 390, height: 844), NewName(name));

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _browser = await Browser.LaunchAsync();
        _server = await TestServer.StartAsync(MaxNewTokens);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
            await _browser.DisposeAsync();
        if (_server is not null)
            await _server.DisposeAsync();
    }
}
