namespace AdventureServer.Server.Accounts;

/// <summary>The roles an account can have.</summary>
public static class Roles
{
    public const string Player = "Player";
    public const string GameMaster = "GameMaster";

    public static IReadOnlyList<string> All { get; } = [Player, GameMaster];

    /// <summary>Maps what a person types (<c>gamemaster</c>, <c>GameMaster</c>, <c>player</c>) to the role's name.</summary>
    public static string Parse(string text) =>
        All.FirstOrDefault(role => role.Equals(text.Replace("-", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown role '{text}'; expected player or gamemaster.", nameof(text));
}
