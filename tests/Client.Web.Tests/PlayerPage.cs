using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AdventureServer.Client.Web.Tests;

/// <summary>A player's page, driven the way a person would: labels, buttons and the keyboard.</summary>
public sealed partial class PlayerPage(IPage page, string userName)
{
    public const string Password = "correct-horse-battery";

    static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = Browser.TimeoutMs };

    public IPage Page { get; } = page;

    public string UserName { get; } = userName;

    /// <summary>The title of the adventure this player creates.</summary>
    public string AdventureTitle => $"The Dragon's Pass of {UserName}";

    /// <summary>The story region (polite live region).</summary>
    public ILocator Story => Page.Locator("#story");

    /// <summary>The model's continuations in the story.</summary>
    public ILocator Continuations => Story.Locator("article.continuation");

    /// <summary>The players' actions in the story.</summary>
    public ILocator Actions => Story.Locator("article.action");

    /// <summary>The message line that shows refusals and removals.</summary>
    public ILocator Message => Page.Locator(".message[role=alert]:visible");

    public async Task RegisterAsync()
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("Name").FillAsync(UserName);
        await Page.GetByLabel("Password").FillAsync(Password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "My adventures" })).ToBeVisibleAsync(Visible);
    }

    /// <summary>Fills the fantasy scenario's placeholders (and the continuation length) in the lobby's form.</summary>
    public async Task FillNewAdventureAsync(int tokens)
    {
        await Page.GetByLabel("Scenario").SelectOptionAsync("fantasy");
        await Page.GetByLabel("Title", new() { Exact = true }).FillAsync(AdventureTitle);
        await Page.GetByLabel("character name").FillAsync($"{UserName} the Brave");
        await Page.GetByLabel("class", new() { Exact = true }).FillAsync("ranger");
        await Page.GetByLabel("home town").FillAsync("Oakvale");
        await Page.GetByLabel("Tokens per continuation").FillAsync(tokens.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Creates the filled-in adventure and returns its join code.</summary>
    public async Task<string> CreateAdventureAsync()
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(Story.Locator("article.opening")).ToContainTextAsync($"{UserName} the Brave", new() { Timeout = Browser.TimeoutMs });
        var code = await Page.Locator(".code").TextContentAsync() ?? "";
        return JoinCode().Match(code).Groups[1].Value;
    }

    public async Task JoinAsync(string code)
    {
        await Page.GetByLabel("Join code").FillAsync(code);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Join", Exact = true }).ClickAsync();
    }

    /// <summary>The host changes one generation setting in the Settings panel.</summary>
    public async Task ChangeSettingAsync(string label, string value)
    {
        var panel = Page.Locator("details.panel", new() { HasText = "Settings" });
        await panel.Locator("summary").ClickAsync();
        await panel.GetByLabel(label, new() { Exact = true }).FillAsync(value);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(panel.GetByLabel(label, new() { Exact = true })).ToHaveValueAsync(value, new() { Timeout = Browser.TimeoutMs });
    }

    /// <summary>Types an action of <paramref name="kind"/> and sends it with Enter.</summary>
    public async Task ActAsync(string kind, string text)
    {
        await Page.GetByRole(AriaRole.Radio, new() { Name = kind }).CheckAsync();
        var box = Page.GetByLabel("Your action");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>Waits until the story holds <paramref name="count"/> continuations, none of them still being written.</summary>
    public async Task WaitForContinuationsAsync(int count)
    {
        await Expect(Continuations).ToHaveCountAsync(count, new() { Timeout = Browser.TimeoutMs });
        await Expect(Story.Locator("article[data-state=Writing]")).ToHaveCountAsync(0, new() { Timeout = Browser.TimeoutMs });
    }

    /// <summary>Records, from now on and after every reload, each text a streaming continuation showed (window.streamed).</summary>
    public Task RecordStreamAsync() => Page.Context.AddInitScriptAsync(RecordScript);

    /// <summary>The texts recorded by <see cref="RecordStreamAsync"/> since the page was (re)loaded.</summary>
    public Task<string[]> StreamedAsync() => Page.EvaluateAsync<string[]>("() => window.streamed ?? []");

    public async Task<string> TextOfAsync(ILocator block) => await block.Locator(".text").TextContentAsync() ?? "";

    public Task ExpectVisibleAsync(ILocator locator) => Expect(locator).ToBeVisibleAsync(Visible);

    const string RecordScript = """
        window.streamed = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('#story article[data-state="Writing"] .text')) {
            const text = el.textContent;
            if (window.streamed[window.streamed.length - 1] !== text) window.streamed.push(text);
          }
        }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
        """;

    [GeneratedRegex("Join code: (\\S+)")]
    private static partial Regex JoinCode();
}
