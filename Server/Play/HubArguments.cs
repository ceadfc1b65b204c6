namespace AdventureServer.Server.Play;

/// <summary>
/// Checks of hub arguments that bind but cannot be used; each throws an <see cref="ArgumentException"/> naming the
/// argument, which <see cref="GameHubFilter"/> refuses as <c>Invalid</c> before the game sees it.
/// </summary>
public static class HubArguments
{
    /// <summary>A list of texts (banned words, story card keys, stop sequences): missing means empty; a null in it is malformed.</summary>
    public static IReadOnlyList<string> Texts(IReadOnlyList<string>? texts, string name)
    {
        if (texts is null)
            return [];
        // JSON nulls arrive in a list the compiler believes holds no nulls.
        if (texts.Any(t => t is null))
            throw new ArgumentException("A list of texts holds a null.", name);
        return texts;
    }
}
