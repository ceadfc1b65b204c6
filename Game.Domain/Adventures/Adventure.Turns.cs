using AdventureServer.Game.Rules;
using AdventureServer.Game.Settings;
using AdventureServer.Game.Story;
using AdventureServer.Game.Text;

namespace AdventureServer.Game.Adventures;

// Acting, whose turn it is, and the continuation that follows each action.
public sealed partial class Adventure
{
    /// <summary>
    /// The user id whose turn it is under round-robin, or null when anyone may act (free-for-all,
    /// nobody has acted yet, the last actor left, or every member is muted). See <see cref="Adventures.TurnPolicy.RoundRobin"/>.
    /// </summary>
    public string? NextActorId
    {
        get
        {
            if (TurnPolicy != TurnPolicy.RoundRobin || LastActorId is null)
            {
                return null;
            }

            var last = _members.FindIndex(m => m.UserId == LastActorId);
            if (last < 0)
            {
                return null;
            }

            for (var step = 1; step <= _members.Count; step++)
            {
                var candidate = _members[(last + step) % _members.Count];
                if (!_muted.Contains(candidate.UserId))
                {
                    return candidate.UserId;
                }
            }

            return null;
        }
    }

    /// <summary>Whether <paramref name="actor"/> may add this action now.</summary>
    public Refusal? CanAct(Actor actor, ActionKind kind, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var refusal = CheckPlayer(actor) ?? CheckNotBusy();
        if (refusal is not null)
        {
            return refusal;
        }

        var next = NextActorId;
        if (!actor.IsGameMaster && next is not null && next != actor.UserId)
        {
            return new Refusal(RuleReason.NotYourTurn, $"It is {FindMember(next)?.DisplayName ?? next}'s turn.");
        }

        if (kind == ActionKind.Continue)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(text) || ActionFraming.Frame(kind, text, NameInStory(actor)).Length == 0)
        {
            return new Refusal(RuleReason.Empty, "Type something first.");
        }

        if (text.Length > _limits.MaxActionLength)
        {
            return new Refusal(RuleReason.TooLong, $"That action is too long ({text.Length} characters; at most {_limits.MaxActionLength}).");
        }

        return CheckBannedWords(actor, text);
    }

    /// <summary>
    /// Adds the action and an empty continuation in state <see cref="ContinuationState.Writing"/>; the
    /// caller saves both before generating. Clears the redo stack (the undone blocks stay, hidden).
    /// </summary>
    public ActResult Act(Actor actor, ActionKind kind, string text)
    {
        Refusal.ThrowIfAny(CanAct(actor, kind, text));
        var action = StoryBlock.Action(actor.UserId, actor.DisplayName, kind, kind == ActionKind.Continue ? string.Empty : text, NameInStory(actor));
        var continuation = StoryBlock.NewContinuation();
        _blocks.Add(action);
        _blocks.Add(continuation);
        _redo.Clear();
        _erasesOnTop = 0;
        // A game master from outside the party does not take a member's turn.
        if (FindMember(actor.UserId) is not null)
        {
            LastActorId = actor.UserId;
        }

        return new ActResult(action, continuation);
    }

    /// <summary>
    /// Stores a continuation's text so far (whole text, not a delta) and state; a final state
    /// (Done, Cancelled, ...) unlocks the story. Refused with <see cref="RuleReason.NotWriting"/> once it is final.
    /// </summary>
    public StoryBlock WriteContinuation(Guid blockId, string text, ContinuationState state)
    {
        var index = _blocks.FindIndex(b => b.Id == blockId);
        if (index < 0)
        {
            throw new GameRuleException(RuleReason.NotFound, "There is no such block.");
        }

        var block = _blocks[index].WriteContinuation(text, state);
        _blocks[index] = block;
        return block;
    }

    /// <summary>The name an action of <paramref name="actor"/> is framed with: null (second person) unless the adventure uses the third.</summary>
    public string? NameInStory(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return ActionPerson == ActionPerson.Third ? FindMember(actor.UserId)?.NameInStory ?? actor.DisplayName : null;
    }

    Refusal? CheckNotBusy() =>
        IsBusy ? new Refusal(RuleReason.Busy, "The story is being written; wait for it to finish.") : null;

    Refusal? CheckBannedWords(Actor actor, string text)
    {
        if (actor.IsGameMaster)
        {
            return null;
        }

        var word = WholeWords.FindAny(text, _bannedWords);
        return word is null ? null : new Refusal(RuleReason.BannedWord, $"\"{word}\" is not allowed in this adventure.");
    }
}
