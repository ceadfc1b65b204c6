namespace AdventureServer.Game.Story;

/// <summary>The kinds of player action.</summary>
public enum ActionKind
{
    /// <summary><c>&gt; You open the door.</c></summary>
    Do,

    /// <summary><c>&gt; You say "Hello."</c></summary>
    Say,

    /// <summary>Narration inserted as typed.</summary>
    Story,

    /// <summary>No text: the model just goes on.</summary>
    Continue,
}
