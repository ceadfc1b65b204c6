using AdventureServer.Game.Adventures;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Tests;

/// <summary>Actors and adventures the tests share.</summary>
public static class Play
{
    public static readonly Actor Host = new("host-1", "Hana");
    public static readonly Actor Alice = new("alice", "Alice");
    public static readonly Actor Bob = new("bob", "Bob");
    public static readonly Actor GameMaster = new("gm", "The GM", IsGameMaster: true);

    public static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    public static Adventure NewAdventure(TurnPolicy policy = TurnPolicy.FreeForAll, GameLimits? limits = null, int? partyCap = null) =>
        Adventure.Create(
            new AdventureSetup("The Cave", "You stand before a dark cave.") { TurnPolicy = policy, PartyCap = partyCap },
            Host,
            limits ?? GameLimits.Default,
            Now);

    /// <summary>An adventure with Alice and Bob joined after the host.</summary>
    public static Adventure WithParty(TurnPolicy policy = TurnPolicy.FreeForAll)
    {
        var adventure = NewAdventure(policy);
        adventure.Join(Alice.UserId, Alice.DisplayName);
        adventure.Join(Bob.UserId, Bob.DisplayName);
        return adventure;
    }

    /// <summary>Acts and finishes the continuation with <paramref name="continuation"/>.</summary>
    public static ActResult Turn(this Adventure adventure, Actor actor, string action, string continuation)
    {
        var result = adventure.Act(actor, ActionKind.Do, action);
        adventure.WriteContinuation(result.Continuation.Id, continuation, ContinuationState.Done);
        return result;
    }
}
