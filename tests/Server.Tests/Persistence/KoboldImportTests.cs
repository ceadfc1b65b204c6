using AdventureServer.Game.Adventures;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Tests.Persistence;

public class KoboldImportTests : DatabaseTests
{
    // As KoboldAI Lite saves a story (trimmed to the fields it always writes, and a few it adds).
    const string Lite = """
        {"gamestarted":true,"prompt":"You are a knight in the castle of Eldermoor.","memory":"The king has vanished.",
         "authorsnote":"Keep it tense.","anotetemplate":"[Author's note: <|>]",
         "actions":["\n> You open the heavy door.\n"," A guard watches you from the hall.","\n> You say \"Where is the king?\"\n",""],
         "actions_metadata":{},
         "worldinfo":[{"key":"guard, guards","keysecondary":"","keyanti":"","content":"The guards serve the old duke.","comment":"Guards","folder":null,"selective":false,"constant":false,"probability":100,"wigroup":"","widisabled":false},
                      {"key":"","keysecondary":"","content":"It is winter.","comment":"","selective":false,"constant":true},
                      {"key":"tower","content":"","comment":"empty"}],
         "wifolders_d":{},"wifolders_l":[],"extrastopseq":"","anotestrength":320,"wisearchdepth":0,"wiinsertlocation":0}
        """;

    // As KoboldAI United (UI2) saves a story: actions numbered, with their options; world info twice, as v2 and the old list.
    const string United = """
        {"story_name":"The Mine","prompt":"You stand at the mouth of the old mine.","memory":"","authornote":"Dark.",
         "actions":{"action_count":2,"actions":{
            "1":{"Selected Text":" A cold wind blows out of it.","Options":[{"text":" A cold wind blows out of it.","Pinned":false,"Previous Selection":false,"Edited":false},{"text":" Bats fly out.","Pinned":false,"Previous Selection":true,"Edited":false}],"Time":0},
            "0":{"Selected Text":"\n> You light your lamp.\n","Options":[],"Time":0},
            "2":{"Selected Text":" You hear a pick.","Options":[]}}},
         "worldinfo_v2":{"folders":{"root":[0]},"entries":{"0":{"uid":0,"title":"Miners","key":["miner","pick"],"keysecondary":[],"folder":"root","constant":false,"content":"Miners still dig here.","comment":"","selective":false}}},
         "worldinfo":[{"key":"miner,pick","content":"Miners still dig here.","constant":false}]}
        """;

    [Test]
    public async Task A_KoboldAI_Lite_story_imports_with_its_prompt_memory_note_world_info_and_actions()
    {
        using var scope = new Scope(Database.Start());

        var imported = await scope.Repository.ImportAsync(Lite, new Actor("carol", "Carol"));
        var stored = (await scope.Repository.LoadAsync(imported.Id))!;

        Assert.That(stored.Title, Is.EqualTo("Imported KoboldAI story"));
        Assert.That(stored.StoryText, Is.EqualTo(
            "You are a knight in the castle of Eldermoor.\n> You open the heavy door.\nA guard watches you from the hall.\n> You say \"Where is the king?\"\n"));
        Assert.That(stored.Blocks.Select(b => b.Type), Is.EqualTo(new[] { BlockType.Opening, BlockType.Action, BlockType.Continuation, BlockType.Action }));
        Assert.That(stored.Memory, Is.EqualTo("The king has vanished.\nIt is winter."), "a constant entry is always in KoboldAI's context, so it joins the memory");
        Assert.That(stored.AuthorsNote, Is.EqualTo("Keep it tense."));
        Assert.That(stored.StoryCards.Select(c => (c.Title, string.Join('|', c.Keys), c.Text, c.Enabled)),
            Is.EqualTo(new[] { ("Guards", "guard|guards", "The guards serve the old duke.", true) }));
        Assert.That(stored.Members.Single(), Is.EqualTo(new Member("carol", "Carol", MemberRole.Host)));
    }

    [Test]
    public async Task A_KoboldAI_United_story_imports_its_numbered_actions_in_order_with_their_options_as_alternatives()
    {
        using var scope = new Scope(Database.Start());

        var imported = await scope.Repository.ImportAsync(United, new Actor("carol", "Carol"));
        var stored = (await scope.Repository.LoadAsync(imported.Id))!;

        Assert.That(stored.Title, Is.EqualTo("The Mine"));
        Assert.That(stored.StoryText, Is.EqualTo(
            "You stand at the mouth of the old mine.\n> You light your lamp.\nA cold wind blows out of it.\nYou hear a pick.\n"));
        Assert.That(stored.Blocks[2].Alternatives.Select(a => a.Text), Is.EqualTo(new[] { "A cold wind blows out of it.", "Bats fly out." }));
        Assert.That(stored.Blocks[2].Shown, Is.Zero);
        Assert.That(stored.AuthorsNote, Is.EqualTo("Dark."));
        Assert.That(stored.StoryCards.Select(c => (c.Title, string.Join('|', c.Keys), c.Text)),
            Is.EqualTo(new[] { ("Miners", "miner|pick", "Miners still dig here.") }), "worldinfo_v2 is read, not also the old list");
        // The imported story plays on: retry writes another alternative of the last continuation.
        stored.Retry(new Actor("carol", "Carol"));
        Assert.That(stored.Blocks[^1].Alternatives, Has.Count.EqualTo(2));
    }
}
