using System.Text.RegularExpressions;
using AdventureServer.Game.Context;

namespace AdventureServer.Game.Tests;

/// <summary>A stand-in for GPT-2's tokenizer: one token per word and one per newline.</summary>
public sealed partial class WordTokenCounter : ITokenCounter
{
    public int Calls { get; private set; }

    public int CountTokens(string text)
    {
        Calls++;
        return Token().Count(text);
    }

    [GeneratedRegex(@"[^\s]+|\n")]
    private static partial Regex Token();
}
