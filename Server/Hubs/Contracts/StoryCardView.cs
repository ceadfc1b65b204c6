namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A story card (world info): its text enters the prompt when a key appears in the last few blocks.</summary>
/// <param name="Id">The card's id; ignored (may be empty) when adding a card.</param>
/// <param name="Title">A name for the card.</param>
/// <param name="Keys">Trigger words (whole words, any case).</param>
/// <param name="Text">What goes into the prompt.</param>
/// <param name="Enabled">False keeps the card out of the prompt.</param>
public sealed record StoryCardView(Guid Id, string Title, IReadOnlyList<string> Keys, string Text, bool Enabled);
