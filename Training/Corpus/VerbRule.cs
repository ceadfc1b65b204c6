namespace AdventureServer.Training.Corpus;

/// <summary>
/// One verb of the grammar: how the player's action reads and how the story answers it, by outcome.
/// <paramref name="Target"/> picks what the action is about, adds its placeholders and returns the
/// subject, or null when this story has nothing the verb applies to.
/// </summary>
internal sealed record VerbRule(
    TurnKind Kind,
    Func<StoryWorld, Dictionary<string, string>, string?> Target,
    string[] Actions,
    string[] Success,
    string[] Failure,
    string[] Surprise)
{
    /// <summary>Whether an answer other than failure puts the player in the {place} the action named.</summary>
    public bool Moves { get; init; }
}
