namespace AdventureServer.Server.Hubs.Contracts;

/// <summary>A member started or stopped typing an action.</summary>
public sealed record TypingUpdate(Guid AdventureId, string UserId, string DisplayName, bool IsTyping);
