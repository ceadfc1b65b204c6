namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A member of an adventure.</summary>
/// <param name="UserId">The account's id (what kick, ban and mute take).</param>
/// <param name="DisplayName">The name shown to the others.</param>
/// <param name="Role"><c>Host</c> or <c>Player</c>.</param>
/// <param name="Connected">True while the member has a connection open on this adventure.</param>
/// <param name="Muted">True when the member may watch but not change the story.</param>
public sealed record MemberView(string UserId, string DisplayName, string Role, bool Connected, bool Muted)
{
    /// <summary>The member's character name, or null until they choose one (third-person stories then use the display name).</summary>
    public string? CharacterName { get; init; }
}
