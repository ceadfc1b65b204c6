using AdventureServer.Game.Settings;

namespace AdventureServer.Server.Persistence.Export;

/// <summary>The checks both importers make on what they read, each naming the field it refuses.</summary>
internal static class ImportChecks
{
    public static string Text(string path, string? value, int maxLength, bool allowEmpty)
    {
        if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value)))
            throw new AdventureFileException(path, "must not be empty.");
        if (value.Length > maxLength)
            throw new AdventureFileException(path, $"is too long ({value.Length} characters; at most {maxLength}).");
        return value;
    }

    public static T Enum<T>(string path, string? value)
        where T : struct, System.Enum
    {
        // Names only: "1" would parse as an enum value, which a file never holds.
        if (value is null || int.TryParse(value, out _) || !System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed) || !System.Enum.IsDefined(parsed))
            throw new AdventureFileException(path, $"\"{value}\" is not one of {string.Join(", ", System.Enum.GetNames<T>())}.");
        return parsed;
    }

    public static void Count<T>(string path, IReadOnlyCollection<T> items, int max, string what)
    {
        if (items.Count > max)
            throw new AdventureFileException(path, $"has {items.Count} {what}; at most {max} are allowed.");
    }

    /// <summary>
    /// Refuses a null inside a list (<c>"cards": [null]</c>): the serializer checks the nullability of
    /// properties, not of list elements.
    /// </summary>
    public static void NoNulls<T>(string path, IReadOnlyList<T?> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
                throw new AdventureFileException($"{path}[{i}]", "must not be null.");
        }
    }

    public static void Block(string path, string text, GameLimits limits) => Text(path, text, limits.MaxBlockLength, allowEmpty: true);
}
