namespace AdventureServer.Game.Settings;

/// <summary>How the story frames the players' actions; the host picks it in the adventure's settings.</summary>
public enum ActionPerson
{
    /// <summary><c>&gt; You open the door.</c>: one reader, one hero (single player).</summary>
    Second,

    /// <summary><c>&gt; Mira opens the door.</c>: each member acts as their character, so the model and the readers can tell them apart (party).</summary>
    Third,
}
