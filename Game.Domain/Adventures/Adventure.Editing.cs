using AdventureServer.Game.Rules;
using AdventureServer.Game.Story;

namespace AdventureServer.Game.Adventures;

// Retry, undo, redo, edit and erase. None of them deletes text: blocks are only hidden, edits keep
// their history, retries keep the earlier alternatives. All are refused while the part they touch is being written.
public sealed partial class Adventure
{
    /// <summary>Whether the last continuation may be written again.</summary>
    public Refusal? CanRetry(Actor actor)
    {
        var refusal = CheckPlayer(actor);
        if (refusal is not null)
        {
            return refusal;
        }

        var last = _blocks.FindLastIndex(b => !b.Hidden);
        if (last < 0 || _blocks[last].Type != BlockType.Continuation)
        {
            return new Refusal(RuleReason.NothingToRetry, "There is no continuation to retry.");
        }

        return _blocks[last].IsWriting ? CheckNotBusy() : null;
    }

    /// <summary>Starts a new alternative of the last continuation (state Writing) and shows it.</summary>
    public StoryBlock Retry(Actor actor)
    {
        Refusal.ThrowIfAny(CanRetry(actor));
        var last = _blocks.FindLastIndex(b => !b.Hidden);
        var block = _blocks[last].WithRetry();
        _blocks[last] = block;
        // The story changed after any erase: an undo now takes back this turn, not the erase.
        _erasesOnTop = 0;
        return block;
    }

    /// <summary>Whether the last turn may be undone.</summary>
    public Refusal? CanUndo(Actor actor)
    {
        var refusal = CheckPlayer(actor) ?? CheckNotBusy();
        if (refusal is not null)
        {
            return refusal;
        }

        return _erasesOnTop == 0 && LastTurn().Count == 0 ? new Refusal(RuleReason.NothingToUndo, "There is nothing to undo.") : null;
    }

    /// <summary>
    /// Undoes the last change to the story: right after "erase to here" it shows the erased blocks again;
    /// otherwise it hides the last action and its continuation (or the last lone block) and puts them on the redo stack.
    /// </summary>
    public IReadOnlyList<StoryBlock> Undo(Actor actor)
    {
        Refusal.ThrowIfAny(CanUndo(actor));
        return _erasesOnTop > 0 ? ShowTopStep() : Hide(LastTurn(), erase: false);
    }

    /// <summary>Whether anything may be redone.</summary>
    public Refusal? CanRedo(Actor actor) =>
        CheckPlayer(actor) ?? CheckNotBusy()
        ?? (_redo.Count == 0 ? new Refusal(RuleReason.NothingToRedo, "There is nothing to redo.") : null);

    /// <summary>Shows again the blocks the last undo (or erase) hid.</summary>
    public IReadOnlyList<StoryBlock> Redo(Actor actor)
    {
        Refusal.ThrowIfAny(CanRedo(actor));
        return ShowTopStep();
    }

    // Takes the top step off the redo stack and shows its blocks again.
    IReadOnlyList<StoryBlock> ShowTopStep()
    {
        var ids = _redo[^1];
        _redo.RemoveAt(_redo.Count - 1);
        _erasesOnTop = Math.Max(0, _erasesOnTop - 1);
        var shown = new List<StoryBlock>();
        for (var i = 0; i < _blocks.Count; i++)
        {
            if (ids.Contains(_blocks[i].Id))
            {
                _blocks[i] = _blocks[i] with { Hidden = false };
                shown.Add(_blocks[i]);
            }
        }

        return shown;
    }

    /// <summary>Whether a visible block's shown text may be replaced.</summary>
    public Refusal? CanEdit(Actor actor, Guid blockId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var refusal = CheckPlayer(actor) ?? CheckVisibleAndIdle(blockId);
        if (refusal is not null)
        {
            return refusal;
        }

        return text.Length > _limits.MaxBlockLength
            ? new Refusal(RuleReason.TooLong, $"That text is too long ({text.Length} characters; at most {_limits.MaxBlockLength}).")
            : CheckBannedWords(actor, text);
    }

    /// <summary>Replaces a block's shown text; the previous text goes into the block's history.</summary>
    public StoryBlock Edit(Actor actor, Guid blockId, string text)
    {
        Refusal.ThrowIfAny(CanEdit(actor, blockId, text));
        var index = IndexOfVisible(blockId);
        var block = _blocks[index].WithEdit(text);
        _blocks[index] = block;
        return block;
    }

    /// <summary>Whether everything after <paramref name="blockId"/> may be erased ("erase to here").</summary>
    public Refusal? CanEraseAfter(Actor actor, Guid blockId)
    {
        var refusal = CheckPlayer(actor) ?? CheckVisible(blockId);
        if (refusal is not null)
        {
            return refusal;
        }

        var after = VisibleAfter(blockId);
        if (after.Count == 0)
        {
            return new Refusal(RuleReason.NothingToUndo, "There is nothing after this block to erase.");
        }

        return after.Exists(i => _blocks[i].IsWriting) ? CheckNotBusy() : null;
    }

    /// <summary>
    /// Erase to here: hides every visible block after <paramref name="blockId"/> (the block itself
    /// stays) as one step on the redo stack, so <see cref="Redo"/> restores them.
    /// </summary>
    public IReadOnlyList<StoryBlock> EraseAfter(Actor actor, Guid blockId)
    {
        Refusal.ThrowIfAny(CanEraseAfter(actor, blockId));
        return Hide(VisibleAfter(blockId), erase: true);
    }

    /// <summary>Whether a continuation may show another of its alternatives.</summary>
    public Refusal? CanSelectAlternative(Actor actor, Guid blockId, int alternative)
    {
        var refusal = CheckPlayer(actor) ?? CheckVisibleAndIdle(blockId);
        if (refusal is not null)
        {
            return refusal;
        }

        var block = _blocks[IndexOfVisible(blockId)];
        return alternative < 0 || alternative >= block.Alternatives.Count
            ? new Refusal(RuleReason.NotFound, "That block has no such alternative.")
            : null;
    }

    /// <summary>Shows another alternative of a continuation (all of them stay).</summary>
    public StoryBlock SelectAlternative(Actor actor, Guid blockId, int alternative)
    {
        Refusal.ThrowIfAny(CanSelectAlternative(actor, blockId, alternative));
        var index = IndexOfVisible(blockId);
        var block = _blocks[index] with { Shown = alternative };
        _blocks[index] = block;
        return block;
    }

    // The last visible block, with the action before it when it is that action's continuation.
    // The opening is not a turn and is never undone.
    List<int> LastTurn()
    {
        var last = _blocks.FindLastIndex(b => !b.Hidden);
        if (last < 0 || _blocks[last].Type == BlockType.Opening)
        {
            return [];
        }

        var turn = new List<int> { last };
        var before = last > 0 ? _blocks.FindLastIndex(last - 1, b => !b.Hidden) : -1;
        if (_blocks[last].Type == BlockType.Continuation && before >= 0 && _blocks[before].Type == BlockType.Action)
        {
            turn.Insert(0, before);
        }

        return turn;
    }

    List<int> VisibleAfter(Guid blockId)
    {
        var index = IndexOfVisible(blockId);
        return Enumerable.Range(index + 1, _blocks.Count - index - 1).Where(i => !_blocks[i].Hidden).ToList();
    }

    // Every erase is pushed onto the redo stack after the undo steps (an undo right after an erase takes the
    // erase back instead of pushing a step), so the erases are always the stack's top steps and a count says which.
    IReadOnlyList<StoryBlock> Hide(List<int> indices, bool erase)
    {
        foreach (var i in indices)
        {
            _blocks[i] = _blocks[i] with { Hidden = true };
        }

        _redo.Add(indices.Select(i => _blocks[i].Id).ToArray());
        _erasesOnTop = erase ? _erasesOnTop + 1 : 0;
        return indices.Select(i => _blocks[i]).ToArray();
    }

    Refusal? CheckVisible(Guid blockId) =>
        IndexOfVisible(blockId) < 0 ? new Refusal(RuleReason.NotFound, "There is no such block in the story.") : null;

    Refusal? CheckVisibleAndIdle(Guid blockId) =>
        CheckVisible(blockId) ?? (_blocks[IndexOfVisible(blockId)].IsWriting ? CheckNotBusy() : null);
}
