using AdventureServer.Game.Story;
using AdventureServer.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Tests.Hubs;

public class ContextViewTests
{
    [Test]
    public async Task The_context_view_splits_the_last_prompt_into_memory_cards_authors_note_and_story()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { Memory = "Ada is a knight.", AuthorsNote = "Keep it tense." });
        await alice.CallAsync<StoryCardView>("AddStoryCard", created.Id, new StoryCardView(Guid.Empty, "Door", ["gate", "door"], "The door is iron.", true));
        await alice.CallAsync<StoryCardView>("AddStoryCard", created.Id, new StoryCardView(Guid.Empty, "Dragon", ["dragon"], "A dragon sleeps.", true));

        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "open the door"));
        var context = await alice.CallAsync<ContextView>("GetContext", created.Id);

        Assert.That(context.Memory, Is.EqualTo(new ContextPartView("Ada is a knight.\n", context.Memory.Tokens)));
        Assert.That(context.Memory.Tokens, Is.InRange(4, 8));
        Assert.That(context.Cards.Select(c => (c.Title, c.Key, c.Text)), Is.EqualTo(new[] { ("Door", "door", "The door is iron.\n") }));
        Assert.That(context.AuthorsNote.Text, Is.EqualTo("[Author's note: Keep it tense.]\n"));
        Assert.That(context.Story.Text, Is.EqualTo("You are Ada, standing at the top of the cellar stairs.\n> You open the door.\n"));
        Assert.That(context.Prompt, Does.StartWith(context.Memory.Text));
        Assert.That(context.Memory.Text.Length + context.Cards.Sum(c => c.Text.Length) + context.AuthorsNote.Text.Length + context.Story.Text.Length,
            Is.EqualTo(context.Prompt.Length));
        Assert.That(context.TokenCount, Is.LessThanOrEqualTo(context.Budget));
        Assert.That(context.Budget, Is.EqualTo(128 - 24), "the tiny model's window less the tokens to generate");
        Assert.That((context.BlocksLeftOut, context.FirstBlockCut), Is.EqualTo((0, false)));
        await using var gm = await GameServer.GameMasterAsync(server);
        Assert.That((await gm.CallAsync<ContextView>("GetContext", created.Id)).Prompt, Is.EqualTo(context.Prompt), "a game master sees it too");
    }

    [Test]
    public async Task The_context_view_says_what_was_cut_to_fit_the_window()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var longOpening = string.Join(' ', Enumerable.Repeat("The cellar is dark and the walls are wet.", 30));
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario() with { ScenarioPrompt = longOpening });

        await alice.WaitForEndAsync(await alice.CallAsync<Guid>("Act", created.Id, ActionKind.Do, "open the door"));
        var context = await alice.CallAsync<ContextView>("GetContext", created.Id);

        Assert.That(context.BlocksLeftOut > 0 || context.FirstBlockCut, Is.True);
        Assert.That(context.Story.Text, Does.EndWith("> You open the door.\n"));
        Assert.That(context.Story.Text.Length, Is.LessThan(longOpening.Length));
        Assert.That(context.TokenCount, Is.LessThanOrEqualTo(context.Budget));
    }

    [Test]
    public async Task Before_any_turn_the_context_view_says_there_is_none_yet()
    {
        await using var server = await GameServer.StartAsync();
        await using var alice = await GameServer.PlayerAsync(server, "alice");
        var created = await alice.CallAsync<AdventureView>("CreateAdventure", GameServer.Scenario());

        Assert.That(async () => await alice.CallAsync<ContextView>("GetContext", created.Id),
            Throws.InstanceOf<HubException>().With.Message.Contains("NotFound: No turn has been written"));
    }
}
