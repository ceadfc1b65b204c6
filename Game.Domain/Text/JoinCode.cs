using System.Security.Cryptography;

namespace AdventureServer.Game.Text;

/// <summary>Short join codes people can read aloud: no 0/O, 1/I/L, or other look-alikes.</summary>
public static class JoinCode
{
    /// <summary>The characters a code is made of.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    /// <summary>The length of a code (31^6, about 887 million codes).</summary>
    public const int Length = 6;

    /// <summary>A new random code.</summary>
    public static string New() => new(RandomNumberGenerator.GetItems<char>(Alphabet, Length));

    /// <summary>What a player typed, made comparable: trimmed and upper case.</summary>
    public static string Normalize(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        return typed.Trim().ToUpperInvariant();
    }

    /// <summary>True when <paramref name="code"/> could be a join code.</summary>
    public static bool IsWellFormed(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == Length && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal));
    }
}
