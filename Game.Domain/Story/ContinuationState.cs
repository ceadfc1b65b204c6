namespace AdventureServer.Game.Story;

/// <summary>Where a block's text stands. Actions and the opening are always <see cref="Done"/>.</summary>
public enum ContinuationState
{
    /// <summary>The model is writing it; the block is locked.</summary>
    Writing,

    /// <summary>Finished normally.</summary>
    Done,

    /// <summary>Stopped by a player or game master.</summary>
    Cancelled,

    /// <summary>Generation failed.</summary>
    Failed,

    /// <summary>The server stopped while it was being written.</summary>
    Interrupted,
}
