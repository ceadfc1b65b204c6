using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Tests.Persistence;

/// <summary>Adventures with a bit of everything in them, for storage round trips.</summary>
public static class Story
{
    public static readonly Actor Host = new("host-1", "Hana");
    public static readonly Actor Alice = new("alice", "Alice");
    public static readonly Actor Bob = new("bob", "Bob");

    public static Adventure Rich()
    {
        var adventure = Adventure.Create(
            new AdventureSetup("The Cave", "You are ${name}, before a cave.")
            {
                Placeholders = new Dictionary<string, string> { ["name"] = "Mira" },
                TurnPolicy = TurnPolicy.RoundRobin,
                Memory = "Mira fears bats.",
                AuthorsNote = "Gloomy.",
            },
            Host,
            GameLimits.Default,
            new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        adventure.Join(Alice.UserId, Alice.DisplayName, "Sera");
        adventure.Join(Bob.UserId, Bob.DisplayName);
        adventure.ChangeCharacterName(Host, "Mira");
        adventure.Mute(Host, Bob.UserId);
        adventure.Ban(Host, "troll");
        adventure.ChangeBannedWords(Host, ["kill"]);
        adventure.ChangeSettings(Host, new GenerationSettings { Temperature = 0.7, Seed = 7, StopSequences = ["THE END"] });
        adventure.AddStoryCard(Host, "Bats", ["bat", "bats"], "Bats swarm at dusk.");
        Finish(adventure, adventure.Act(Host, ActionKind.Do, "I enter"), " It is dark.");
        Finish(adventure, adventure.Act(Alice, ActionKind.Say, "Hello?"), " An echo answers.");
        var retried = adventure.Retry(Alice);
        adventure.WriteContinuation(retried.Id, " A bat answers.", ContinuationState.Cancelled);
        adventure.Edit(Host, adventure.Blocks[0].Id, "You are Mira, before a huge cave.");
        Finish(adventure, adventure.Act(Host, ActionKind.Story, "Thunder rolls."), " Rain falls.");
        adventure.Undo(Host);
        return adventure;
    }

    /// <summary><see cref="Rich"/>, framed in the third person from now on.</summary>
    public static Adventure Party()
    {
        var adventure = Rich();
        adventure.ChangeActionPerson(Host, ActionPerson.Third);
        return adventure;
    }

    public static void Finish(Adventure adventure, ActResult turn, string text) =>
        adventure.WriteContinuation(turn.Continuation.Id, text, ContinuationState.Done);
}
