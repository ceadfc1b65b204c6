namespace AdventureServer.Server.Api.OpenAi;

/// <summary>
/// Drops the whitespace the model writes after the assistant's prefix (<c>Assistant: Hi</c>) from a stream of deltas,
/// so the streamed answer equals the plain one, which is trimmed the same way.
/// </summary>
internal sealed class LeadingSpaceTrimmer
{
    bool _started;

    public string Push(string delta)
    {
        if (_started)
            return delta;
        var trimmed = delta.TrimStart();
        _started = trimmed.Length > 0;
        return trimmed;
    }
}
