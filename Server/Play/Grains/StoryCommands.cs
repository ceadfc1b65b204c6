using AdventureServer.Game.Adventures;

namespace AdventureServer.Server.Play.Grains;

/// <summary>A change to the story's blocks: saved, then the changed blocks are sent to everyone.</summary>
public abstract record StoryCommand(Actor Actor) : AdventureCommand
{
    /// <summary>Makes the change on the loaded adventure.</summary>
    internal abstract void Apply(Adventure adventure);

    internal override async Task<object?> RunAsync(AdventureKeeper keeper, Guid adventureId)
    {
        await keeper.UpdateStoryAsync(adventureId, this);
        return null;
    }
}

/// <summary>Hides the last turn.</summary>
public sealed record Undo(Actor Actor) : StoryCommand(Actor)
{
    internal override void Apply(Adventure adventure) => adventure.Undo(Actor);
}

/// <summary>Shows again what the last undo or erase hid.</summary>
public sealed record Redo(Actor Actor) : StoryCommand(Actor)
{
    internal override void Apply(Adventure adventure) => adventure.Redo(Actor);
}

/// <summary>Replaces a block's text.</summary>
public sealed record EditBlock(Actor Actor, Guid BlockId, string Text) : StoryCommand(Actor)
{
    internal override void Apply(Adventure adventure) => adventure.Edit(Actor, BlockId, Text ?? string.Empty);
}

/// <summary>Hides every block after <paramref name="BlockId"/>.</summary>
public sealed record EraseAfter(Actor Actor, Guid BlockId) : StoryCommand(Actor)
{
    internal override void Apply(Adventure adventure) => adventure.EraseAfter(Actor, BlockId);
}

/// <summary>Shows another alternative of a continuation.</summary>
public sealed record SelectAlternative(Actor Actor, Guid BlockId, int Alternative) : StoryCommand(Actor)
{
    internal override void Apply(Adventure adventure) => adventure.SelectAlternative(Actor, BlockId, Alternative);
}
