using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

[Category("Browser")]
[CancelAfter(150_000)]
public sealed class ReconnectTests
{
    // Enough that the stream outlasts a page reload on a loaded machine: gpt2's shape decodes a token in 30–40 ms in
    // float32 (about 10 in bfloat16 on a CPU with avx512_bf16, where auto picks it), and with 40 tokens at 15–20 ms
    // one CI run found the continuation over, nothing left to stream, when the reloaded page was back.
    const int Tokens = 160;

    const string WritingText = "() => document.querySelector('#story article[data-state=\"Writing\"] .text')?.textContent ?? null";

    [Test]
    public async Task A_page_reloaded_mid_stream_comes_back_with_the_whole_story_and_the_rest_of_the_stream()
    {
        // The tiny default model soon ends its continuations; GPT-2's shape with random weights writes on
        // to the length asked for, and in float32 more slowly, so the stream is still going when the page comes back.
        await using var server = await TestServer.StartAsync(Tokens, "--Inference:RandomWeights=gpt2", "--Inference:DType=float32");
        var alice = await BrowserSuite.NewPlayerAsync("alice", server);
        var bob = await BrowserSuite.NewPlayerAsync("bob", server);
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(Tokens);
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.RecordStreamAsync();
        await bob.JoinAsync(code);
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));
        await alice.RecordStreamAsync();

        // The model may end a continuation early (end of text, a new "> " action); then ask for one more.
        string? beforeReload = null;
        for (var turn = 1; beforeReload is null && turn <= 4; turn++)
        {
            if (turn == 1)
                await alice.ActAsync("Say", "Is anyone there?");
            else
                await alice.ActAsync("Continue", "");
            await Expect(alice.Continuations).ToHaveCountAsync(turn, new() { Timeout = Browser.TimeoutMs });
            await alice.Page.WaitForFunctionAsync($"() => ({WritingText})() || document.querySelectorAll('#story article.continuation[data-state=\"Writing\"]').length === 0",
                null, new() { Timeout = Browser.TimeoutMs });
            beforeReload = await alice.Page.EvaluateAsync<string?>(WritingText);
            if (beforeReload is null)
                await alice.WaitForContinuationsAsync(turn);
        }
        Assert.That(beforeReload, Is.Not.Null, "a continuation was still being written when the page reloaded");
        await alice.Page.ReloadAsync();

        var count = await bob.Continuations.CountAsync();
        await alice.WaitForContinuationsAsync(count);
        await bob.WaitForContinuationsAsync(count);
        var afterReload = await alice.StreamedAsync();
        var bobStreamed = await bob.StreamedAsync();
        var aliceFinal = await alice.TextOfAsync(alice.Continuations.Last);
        var bobFinal = await bob.TextOfAsync(bob.Continuations.Last);
        Assert.Multiple(async () =>
        {
            Assert.That(await alice.Story.Locator("article.opening").TextContentAsync(), Does.Contain($"{alice.UserName} the Brave"));
            Assert.That(await alice.Actions.First.TextContentAsync(), Does.Contain("You say \"Is anyone there?\""));
            Assert.That(aliceFinal, Is.EqualTo(bobFinal), "both pages end with the same continuation");
            Assert.That(afterReload, Is.Not.Empty, "the reloaded page was back while the continuation was still streaming");
            Assert.That(afterReload.FirstOrDefault(), Does.StartWith(beforeReload!), "the reloaded page starts from everything written before");
            var longest = bobStreamed.Where(b => b.StartsWith(beforeReload!, StringComparison.Ordinal)).MaxBy(b => b.Length) ?? "";
            foreach (var text in afterReload)
                Assert.That(PrefixOfOneAnother(text, longest), Is.True, $"the reloaded page shows the other page's stream, with no gap or repeat: \"{text}\" against \"{longest}\"");
        });
    }

    static bool PrefixOfOneAnother(string a, string b) => a.StartsWith(b, StringComparison.Ordinal) || b.StartsWith(a, StringComparison.Ordinal);
}
