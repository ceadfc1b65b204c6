namespace AdventureServer.Game.Story;

/// <summary>One version of a block's text: a continuation and each retry of it are alternatives of one block.</summary>
public sealed record Alternative(string Text, ContinuationState State);
