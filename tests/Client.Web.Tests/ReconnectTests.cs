using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

[Category("Browser")]
[CancelAfter(150_000)]
public sealed class ReconnectTests
{
    [Test]
    public async Task A_page_reloaded_mid_stream_comes_back_with_the_whole_story_and_the_rest_of_the_stream()
    {
        await using var server = await TestServer.StartAsync(maxNewTokens: 400);
        await using var browser = await Browser.LaunchAsync();
        var alice = new PlayerPage(await browser.NewPageAsync(server.Address), "alice");
        var bob = new PlayerPage(await browser.NewPageAsync(server.Address), "bob");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 400);
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.RecordStreamAsync();
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));
        await alice.RecordStreamAsync();

        await alice.ActAsync("Say", "Is anyone there?");
        var writing = alice.Story.Locator("article.continuation[data-state=Writing] .text");
        await Expect(writing).Not.ToBeEmptyAsync(new() { Timeout = Browser.TimeoutMs });
        await Screenshots.SaveAsync(alice.Page, "story-in-progress");
        var beforeReload = await writing.TextContentAsync() ?? "";
        await alice.Page.ReloadAsync();

        await alice.WaitForContinuationsAsync(1);
        await bob.WaitForContinuationsAsync(1);
        var afterReload = await alice.StreamedAsync();
        var bobStreamed = await bob.StreamedAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await alice.Story.Locator("article.opening").TextContentAsync(), Does.Contain("alice the Brave"));
            Assert.That(await alice.Actions.First.TextContentAsync(), Does.Contain("You say \"Is anyone there?\""));
            Assert.That(afterReload, Is.Not.Empty, "the reloaded page was back while the continuation was still streaming");
            Assert.That(afterReload[0], Does.StartWith(beforeReload), "the reloaded page starts from everything written so far");
            Assert.That(await alice.TextOfAsync(alice.Continuations.First), Is.EqualTo(await bob.TextOfAsync(bob.Continuations.First)));
            foreach (var text in afterReload)
                Assert.That(bobStreamed.Any(b => b.StartsWith(text, StringComparison.Ordinal) || text.StartsWith(b, StringComparison.Ordinal)) && PrefixOfOneAnother(text, bobStreamed[^1]), Is.True,
                    $"what the reloaded page showed is the same stream as the other page's, with no gap or repeat: {text}");
        });
    }

    static bool PrefixOfOneAnother(string a, string b) => a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);
}
