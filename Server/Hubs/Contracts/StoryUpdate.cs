namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>
/// The story's blocks changed (an action, retry, undo, redo, edit, erase or narration): only the blocks
/// that changed. Apply updates in version order: each one changes the story as it was at
/// <c>Version - 1</c>. Put each of <see cref="Blocks"/> in place of the block with its id (or at its
/// <see cref="BlockView.Position"/> when new), and take out the blocks in <see cref="Removed"/>. A
/// continuation in state <c>Writing</c> then fills from the deltas of attempt <c>Shown + 1</c>.
/// </summary>
/// <param name="AdventureId">The adventure.</param>
/// <param name="Version">The adventure's version after the change.</param>
/// <param name="Blocks">The blocks added or changed that you are shown, in position order.</param>
/// <param name="Removed">The ids of blocks you are no longer shown (undone or erased); game masters, who see hidden blocks, get them in <see cref="Blocks"/> instead.</param>
/// <param name="NextActorId">Whose turn it is under round-robin; null when anyone may act.</param>
/// <param name="CanRedo">True when something can be redone.</param>
public sealed record StoryUpdate(Guid AdventureId, long Version, IReadOnlyList<BlockView> Blocks, IReadOnlyList<Guid> Removed, string? NextActorId, bool CanRedo);
