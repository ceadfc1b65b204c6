namespace AdventureServer.Game.Story;

/// <summary>
/// A story card (world info): its <see cref="Text"/> goes into the prompt when one of its
/// <see cref="Keys"/> appears, as a whole word in any case, in the last few blocks.
/// </summary>
public sealed record StoryCard(Guid Id, string Title, IReadOnlyList<string> Keys, string Text, bool Enabled)
{
    /// <inheritdoc />
    public bool Equals(StoryCard? other) =>
        other is not null && Id == other.Id && Title == other.Title && Keys.SequenceEqual(other.Keys)
        && Text == other.Text && Enabled == other.Enabled;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, Title, Keys.Count, Text, Enabled);
}
