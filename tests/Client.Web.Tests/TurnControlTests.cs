using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>
/// The turn controls while the story is written and after: disabled buttons, Stop and "Stopped", the Alt+R and
/// Alt+U shortcuts, and refusals shown as sentences. GPT-2's shape with random weights in float32 writes on to the
/// length asked for, slowly enough on the CPU that the controls can be seen while it writes: 512 tokens at 31–41 ms
/// each take 16–21 s, where bfloat16 on an AVX-512 CPU decodes gpt2's shape in about 10 ms a token.
/// </summary>
[Category("Browser")]
[CancelAfter(180_000)]
public sealed class TurnControlTests
{
    const int Tokens = 512;

    static TestServer? _slow;

    [OneTimeSetUp]
    public async Task StartAsync() => _slow = await TestServer.StartAsync(Tokens, "--Inference:RandomWeights=gpt2", "--Inference:DType=float32");

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_slow is not null)
            await _slow.DisposeAsync();
    }

    [TestCase(Viewports.Desktop)]
    [TestCase(Viewports.Phone)]
    public async Task While_the_story_is_written_only_Stop_is_enabled_a_stopped_block_says_so_and_Alt_R_and_Alt_U_retry_and_undo(string size)
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice", size, _slow);
        var page = alice.Page;
        ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(Tokens);
        await alice.CreateAdventureAsync();
        await Expect(page.Locator(".shortcuts")).ToContainTextAsync("Alt+R retries, Alt+U undoes");
        await Expect(Button("Retry")).ToHaveAttributeAsync("title", "Retry (Alt+R)");
        await Expect(Button("Undo")).ToHaveAttributeAsync("title", "Undo (Alt+U)");

        await alice.ActAsync("Do", "I light a torch.");
        var writing = alice.Story.Locator("article.continuation[data-state=Writing]");
        await Expect(writing).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        foreach (var name in new[] { "Send", "Retry", "Undo", "Redo" })
            await Expect(Button(name)).ToBeDisabledAsync();
        await Expect(Button("Stop")).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, $"writing-only-stop-enabled-{size}");

        await Button("Stop").ClickAsync();
        var first = alice.Continuations.First;
        await Expect(first).ToHaveAttributeAsync("data-state", "Cancelled", new() { Timeout = Browser.TimeoutMs });
        await Expect(first.Locator(".state-label")).ToHaveTextAsync(" (Stopped)");
        await Expect(Button("Send")).ToBeEnabledAsync();
        await Expect(Button("Retry")).ToBeEnabledAsync();
        await Screenshots.SaveAsync(page, $"stopped-block-{size}");

        await page.Keyboard.PressAsync("Alt+KeyR");
        await Expect(writing).ToHaveCountAsync(1, new() { Timeout = Browser.TimeoutMs });
        await Expect(Button("Undo")).ToBeDisabledAsync();
        await Button("Stop").ClickAsync();
        await Expect(first).ToHaveAttributeAsync("data-state", "Cancelled", new() { Timeout = Browser.TimeoutMs });
        await Expect(first.Locator(".tools .meta")).ToHaveTextAsync("2/2");

        await page.Keyboard.PressAsync("Alt+KeyU");
        await Expect(alice.Actions).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });
        await Expect(alice.Continuations).ToHaveCountAsync(0);
        await Expect(Button("Redo")).ToBeEnabledAsync();

        // With only the opening left there is nothing to retry: the refusal is its sentence, without "NothingToRetry:".
        await page.Keyboard.PressAsync("Alt+KeyR");
        await Expect(alice.Message).ToHaveTextAsync("There is no continuation to retry.", new() { Timeout = Browser.TimeoutMs });
    }
}
