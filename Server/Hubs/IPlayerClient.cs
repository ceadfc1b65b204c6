using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Hubs;

/// <summary>What the server sends to a player's connection (method names are the SignalR message targets).</summary>
public interface IPlayerClient
{
    /// <summary>The next piece of the continuation being written. Drop a delta whose sequence number you already have.</summary>
    Task StoryDelta(StoryDelta delta);

    /// <summary>The continuation ended; its final, cleaned text replaces what the deltas built up.</summary>
    Task ContinuationEnded(ContinuationEnded ended);

    /// <summary>The story's blocks changed (action, retry, undo, redo, edit, erase, narration).</summary>
    Task StoryChanged(StoryUpdate update);

    /// <summary>The adventure's settings, memory, author's note, story cards, members or moderation changed.</summary>
    Task AdventureChanged(AdventureView adventure);

    /// <summary>Someone joined, left, connected or disconnected.</summary>
    Task PresenceChanged(PresenceUpdate presence);

    /// <summary>Someone started or stopped typing.</summary>
    Task Typing(TypingUpdate typing);

    /// <summary>You were removed from the adventure (kicked or banned); <paramref name="reason"/> says which and why.</summary>
    Task Removed(Guid adventureId, string reason);
}
