namespace AdventureServer.Server.Persistence;

/// <summary>A member's row; <see cref="JoinOrder"/> keeps the join order round-robin depends on.</summary>
public sealed class MemberEntity
{
    public Guid AdventureId { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    /// <summary>The member's character in a third-person story; null until they choose one.</summary>
    public string? CharacterName { get; set; }

    public int JoinOrder { get; set; }
}
