using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

[Category("Browser")]
[CancelAfter(150_000)]
public sealed class CharacterAndFileTests
{
    [Test]
    public async Task In_a_party_each_players_actions_read_with_their_character_name_and_the_host_sees_what_the_model_saw()
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        var bob = await BrowserSuite.NewPhonePlayerAsync("bob");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 16);
        await alice.Page.GetByLabel("Your name in the story (optional)").FillAsync("Mira");
        await alice.Page.GetByLabel("Framing").SelectOptionAsync("Third");
        await Screenshots.SaveAsync(alice.Page, "lobby-party");
        var code = await alice.CreateAdventureAsync();
        await bob.RegisterAsync();
        await bob.Page.GetByLabel("Join code").FillAsync(code);
        await bob.Page.GetByLabel("Name in the story (optional)", new() { Exact = true }).FillAsync("Tomas");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
        await bob.ExpectVisibleAsync(bob.Story.Locator("article.opening"));

        await alice.ActAsync("Do", "open the door");
        await alice.WaitForContinuationsAsync(1);
        await bob.WaitForContinuationsAsync(1);
        await bob.ActAsync("Say", "Run");
        await bob.WaitForContinuationsAsync(2);
        await alice.WaitForContinuationsAsync(2);

        await Expect(bob.Actions.Nth(0)).ToContainTextAsync("> Mira opens the door.");
        await Expect(alice.Actions.Nth(1)).ToContainTextAsync("> Tomas says \"Run.\"");
        var context = alice.Page.Locator("details.context");
        await context.Locator("summary").ClickAsync();
        await Expect(context).ToContainTextAsync("> Mira opens the door.", new() { Timeout = Browser.TimeoutMs });
        await Expect(context).ToContainTextAsync("> Tomas says \"Run.\"");
        await Expect(context.Locator(".context-total")).ToContainTextAsync("tokens");
        await Expect(bob.Page.Locator("details.context")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(alice.Page, "story-party-context");

        var name = bob.Page.Locator(".character").GetByLabel("Name in the story", new() { Exact = true });
        await name.FillAsync("Tom");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(bob.Page.Locator(".character .framing-note")).ToContainTextAsync("> Tom opens the door.", new() { Timeout = Browser.TimeoutMs });
        await name.FillAsync("Tom\"my");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Expect(bob.Message).ToContainTextAsync("cannot hold line breaks, quotes", new() { Timeout = Browser.TimeoutMs });
        await Screenshots.SaveAsync(bob.Page, "character-on-a-phone");
    }

    [Test]
    public async Task The_host_exports_the_story_and_another_player_imports_the_file_from_the_lobby()
    {
        var alice = await BrowserSuite.NewPlayerAsync("alice");
        var bob = await BrowserSuite.NewPhonePlayerAsync("bob");
        await alice.RegisterAsync();
        await alice.FillNewAdventureAsync(tokens: 16);
        await alice.CreateAdventureAsync();
        await alice.ActAsync("Do", "I climb the stairs.");
        await alice.WaitForContinuationsAsync(1);
        var continuation = await alice.TextOfAsync(alice.Continuations.First);

        var download = await alice.Page.RunAndWaitForDownloadAsync(() => alice.Page.GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}-{download.SuggestedFilename}");
        await download.SaveAsAsync(file);
        await bob.RegisterAsync();
        await bob.Page.GetByLabel("Import a story").SetInputFilesAsync(file);

        await Expect(bob.Story.Locator("article.opening")).ToContainTextAsync($"{alice.UserName} the Brave", new() { Timeout = Browser.TimeoutMs });
        await Expect(bob.Actions.First).ToContainTextAsync("You climb the stairs.");
        Assert.That(await bob.TextOfAsync(bob.Continuations.First), Is.EqualTo(continuation));
        Assert.That(download.SuggestedFilename, Does.EndWith(".adventure.json"));
        await Screenshots.SaveAsync(bob.Page, "imported-on-a-phone");

        await bob.Page.GotoAsync("/");
        var broken = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(broken, "{\"format\":\"adventure-server/adventure\",\"formatVersion\":7}");
        await bob.Page.GetByLabel("Import a story").SetInputFilesAsync(broken);
        await Expect(bob.Message).ToContainTextAsync("$.formatVersion: version 7 is not supported", new() { Timeout = Browser.TimeoutMs });
    }
}
