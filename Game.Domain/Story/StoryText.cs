namespace AdventureServer.Game.Story;

/// <summary>
/// The one rule that turns blocks into story text: each block's text, trimmed, on its own line(s),
/// followed by one newline; blank blocks (a Continue action, an empty continuation) contribute nothing.
/// Do and Say actions therefore start a line with <c>&gt; </c>, which is also where
/// <see cref="Text.ContinuationCleanup"/> cuts the model's output.
/// </summary>
public static class StoryText
{
    /// <summary>The text a block contributes, or <c>null</c> when it contributes nothing.</summary>
    public static string? Segment(string blockText)
    {
        ArgumentNullException.ThrowIfNull(blockText);
        var trimmed = blockText.Trim();
        return trimmed.Length == 0 ? null : trimmed + "\n";
    }

    /// <summary>The segments of the given blocks' shown texts, in order, blanks left out.</summary>
    public static IReadOnlyList<string> Segments(IEnumerable<StoryBlock> blocks) =>
        blocks.Select(b => Segment(b.Text)).OfType<string>().ToArray();

    /// <summary>The whole story text of the given blocks.</summary>
    public static string Render(IEnumerable<StoryBlock> blocks) => string.Concat(Segments(blocks));
}
