namespace AdventureServer.Training.Corpus;

/// <summary>The two action kinds the game frames with <c>&gt; </c>: Do and Say.</summary>
public enum TurnKind
{
    /// <summary><c>&gt; You open the door.</c></summary>
    Do,

    /// <summary><c>&gt; You say "Hello there."</c></summary>
    Say,
}
