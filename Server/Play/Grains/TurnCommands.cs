using AdventureServer.Game.Adventures;
using AdventureServer.Game.Story;

namespace AdventureServer.Server.Play.Grains;

/// <summary>Adds an action and writes its continuation; returns the continuation's id.</summary>
public sealed record Act(Actor Actor, ActionKind Kind, string Text) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId) => await keeper.ActAsync(Actor, adventureId, Kind, Text);
}

/// <summary>Writes the last continuation again; returns its id.</summary>
public sealed record Retry(Actor Actor) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId) => await keeper.RetryAsync(Actor, adventureId);
}

/// <summary>Stops the continuation being written.</summary>
public sealed record StopWriting(Actor Actor) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.StopAsync(Actor, adventureId);
        return null;
    }
}

/// <summary>Joins (the join code was already matched to the adventure) as <paramref name="CharacterName"/>.</summary>
public sealed record Join(Actor Actor, string? CharacterName) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.JoinAsync(Actor, adventureId, CharacterName);
        return null;
    }
}

/// <summary>Leaves for good.</summary>
public sealed record Leave(Actor Actor) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.LeaveAsync(Actor, adventureId);
        return null;
    }
}

/// <summary>Kicks (may rejoin) or bans (may not) a user.</summary>
public sealed record RemoveMember(Actor Moderator, string UserId, bool Ban, string? Reason) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.RemoveAsync(Moderator, adventureId, UserId, Ban, Reason);
        return null;
    }
}

/// <summary>Deletes the adventure for good.</summary>
public sealed record DeleteAdventure(Actor Actor) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.DeleteAsync(Actor, adventureId);
        return null;
    }
}

/// <summary>Reads what the model saw on the last turn (kept by the grain's node, which built the prompt).</summary>
public sealed record ReadContext(Actor Actor) : AdventureCommand
{
    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId) => await keeper.ContextAsync(Actor, adventureId);
}
