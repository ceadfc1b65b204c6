namespace AdventureServer.Game.Story;

/// <summary>What a story block holds.</summary>
public enum BlockType
{
    /// <summary>The scenario's opening text, written when the adventure was created.</summary>
    Opening,

    /// <summary>A player's action.</summary>
    Action,

    /// <summary>The model's continuation of the story.</summary>
    Continuation,
}
