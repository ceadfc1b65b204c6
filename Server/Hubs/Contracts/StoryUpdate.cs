namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// The story's blocks changed (an action, retry, undo, redo, edit, erase or narration): the whole list of
/// visible blocks, which replaces the client's. A continuation in state <c>Writing</c> then fills from the
/// deltas of attempt <c>Shown + 1</c>.
/// </summary>
/// <param name="AdventureId">The adventure.</param>
/// <param name="Version">The adventure's version after the change: drop an update or snapshot older than the newest you applied.</param>
/// <param name="Blocks">The visible blocks in order.</param>
/// <param name="NextActorId">Whose turn it is under round-robin; null when anyone may act.</param>
/// <param name="CanRedo">True when something can be redone.</param>
public sealed record StoryUpdate(Guid AdventureId, long Version, IReadOnlyList<BlockView> Blocks, string? NextActorId, bool CanRedo);
