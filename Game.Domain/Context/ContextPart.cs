namespace AdventureServer.Game.Context;

/// <summary>The fixed parts of a prompt, named when they do not fit.</summary>
public enum ContextPart
{
    /// <summary>The adventure's memory.</summary>
    Memory,

    /// <summary>The author's note.</summary>
    AuthorsNote,

    /// <summary>The triggered story cards.</summary>
    StoryCards,
}
