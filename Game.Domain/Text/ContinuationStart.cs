namespace AdventureServer.Game.Text;

/// <summary>
/// Which first tokens keep a continuation off the action marker. The model was trained on stories where
/// every other line is a player's action (<c>&gt; You ...</c>), so right after a line break it is often
/// tempted to write the next action itself; <see cref="ContinuationCleanup"/> cuts any action line, and a
/// continuation that began with one would be cut to nothing. The game therefore bans, at the first position
/// only, every token that would start an action line or leave the first line empty, so the first line of a
/// continuation is always narration.
/// </summary>
public static class ContinuationStart
{
    /// <summary>
    /// Whether a continuation of <paramref name="prompt"/> may begin with a token whose text is
    /// <paramref name="tokenText"/>.
    /// </summary>
    /// <remarks>
    /// The game's prompts end with a line break (<see cref="Story.StoryText"/>), so the first token starts a line:
    /// it must hold something other than spaces, and that must not be <c>&gt;</c> or another line break. A
    /// prompt that ends mid-line may be continued, but the first token may not end that line (the next token
    /// could then open an action) nor hold an action line of its own. End-of-text is never a first token: it
    /// would leave the turn empty.
    /// </remarks>
    public static bool MayBeginWith(string prompt, string tokenText)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(tokenText);
        if (tokenText.Length == 0 || tokenText == ContinuationCleanup.EndOfText)
        {
            return false;
        }

        var rest = tokenText.TrimStart(' ', '\t');
        var startsLine = prompt.Length == 0 || prompt[^1] == '\n';
        if (startsLine && (rest.Length == 0 || rest[0] == '>'))
        {
            return false;
        }

        return rest.Length == 0 || (rest[0] is not ('\n' or '\r') && !ContinuationCleanup.HasActionLine(tokenText, startsLine));
    }
}
