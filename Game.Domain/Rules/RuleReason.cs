namespace AdventureServer.Game.Rules;

/// <summary>Why the game refused a command. Public and stable: the server maps each reason to a hub error.</summary>
public enum RuleReason
{
    /// <summary>The caller is not a member of the adventure.</summary>
    NotMember,

    /// <summary>The caller is muted and may not change the story.</summary>
    Muted,

    /// <summary>The caller is banned from the adventure.</summary>
    Banned,

    /// <summary>A continuation is being written; the affected part of the story is locked.</summary>
    Busy,

    /// <summary>Round-robin: another member has the turn.</summary>
    NotYourTurn,

    /// <summary>A text is longer than the server allows.</summary>
    TooLong,

    /// <summary>An action contains one of the adventure's banned words.</summary>
    BannedWord,

    /// <summary>The adventure has reached its party cap.</summary>
    PartyFull,

    /// <summary>A text that must not be empty was empty.</summary>
    Empty,

    /// <summary>Only the host (or a game master) may do this.</summary>
    NotHost,

    /// <summary>The block, card or member named does not exist (or is hidden).</summary>
    NotFound,

    /// <summary>There is no turn to undo.</summary>
    NothingToUndo,

    /// <summary>There is nothing on the redo stack.</summary>
    NothingToRedo,

    /// <summary>There is no continuation to retry.</summary>
    NothingToRetry,

    /// <summary>Text was written to a continuation that is no longer being written.</summary>
    NotWriting,

    /// <summary>Generation settings that cannot be clamped into range (e.g. NaN, empty stop sequence).</summary>
    InvalidSettings,

    /// <summary>A scenario placeholder has no value.</summary>
    MissingPlaceholder,

    /// <summary>The host cannot be kicked, banned, muted, or leave.</summary>
    CannotTargetHost,

    /// <summary>The fixed parts of the prompt (memory, author's note, story cards) do not fit the model window.</summary>
    ContextTooLong,
}
