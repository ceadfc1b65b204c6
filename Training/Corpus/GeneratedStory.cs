namespace AdventureServer.Training.Corpus;

/// <summary>One generated story: the opening narration and its turns.</summary>
/// <param name="Setting">The name of the world it is set in, e.g. "castle".</param>
/// <param name="Opening">The opening narration: one or more lines, none starting with <c>&gt;</c>.</param>
/// <param name="Turns">The player actions and their continuations, in order.</param>
/// <param name="Party">The characters of a party story (third person), or empty for a second-person story.</param>
public sealed record GeneratedStory(string Setting, string Opening, IReadOnlyList<StoryTurn> Turns, IReadOnlyList<string> Party)
{
    /// <summary>The story as the game's text: the opening, then <c>\n{action line}\n{continuation}</c> per turn.</summary>
    public string ToText()
    {
        var text = new System.Text.StringBuilder(Opening);
        foreach (var turn in Turns)
        {
            text.Append('\n').Append(turn.Action).Append('\n').Append(turn.Continuation);
        }

        return text.ToString();
    }
}
