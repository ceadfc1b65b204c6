namespace AdventureServer.Game.Adventures;

/// <summary>A member of an adventure. Join order is the order of <see cref="Adventure.Members"/>.</summary>
/// <param name="UserId">The account's user id (a plain string; accounts live elsewhere).</param>
/// <param name="DisplayName">The name shown to the other players.</param>
/// <param name="Role">Host or player.</param>
public sealed record Member(string UserId, string DisplayName, MemberRole Role)
{
    /// <summary>
    /// The name of the member's character in the story, used when the adventure frames actions in the third
    /// person; null until the member chooses one, and then <see cref="DisplayName"/> stands in.
    /// </summary>
    public string? CharacterName { get; init; }

    /// <summary>The name their actions are framed with in the third person.</summary>
    public string NameInStory => CharacterName ?? DisplayName;
}
