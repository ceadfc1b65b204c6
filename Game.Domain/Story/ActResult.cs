namespace AdventureServer.Game.Story;

/// <summary>What an accepted action added to the story: the action and the continuation to write.</summary>
public sealed record ActResult(StoryBlock Action, StoryBlock Continuation);
