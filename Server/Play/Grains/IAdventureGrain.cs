using AdventureServer.Server.Hubs.Contracts;

namespace AdventureServer.Server.Play.Grains;

/// <summary>
/// One adventure's owner in the cluster (keyed by the adventure's id): it runs every change, numbers the versions,
/// runs the live continuation and keeps its deltas for catch-up, and knows who is connected on every node. Orleans
/// keeps one activation of it at a time; calls run one after another.
/// </summary>
public interface IAdventureGrain : IGrainWithGuidKey
{
    /// <summary>Runs a command on the adventure.</summary>
    Task<CommandReply> Run(AdventureCommand command);

    /// <summary>Attaches a connection (players' connections count for presence) and returns the state to show it.</summary>
    Task<AttachReply> Attach(AttachRequest request);

    /// <summary>Detaches a connection; returns its user when that was their last connection here.</summary>
    Task<PresenceLeft?> Detach(string connectionId);

    /// <summary>Whether a player connection is attached (typing is only for those).</summary>
    Task<bool> IsAttached(string connectionId);

    /// <summary>Who is connected, and the live continuation's block, for the game masters' list.</summary>
    Task<AttachReply> Peek();

    /// <summary>The name of the node this activation runs on.</summary>
    Task<string> Node();
}

/// <summary>A connection attaching to an adventure's stream.</summary>
/// <param name="ConnectionId">The hub connection.</param>
/// <param name="UserId">Its account.</param>
/// <param name="DisplayName">The account's name.</param>
/// <param name="Node">The node holding the connection.</param>
/// <param name="CountsForPresence">False for game masters, who watch unseen.</param>
/// <param name="CatchUp">What the connection followed, when it resumes after a reconnect; null when it opens.</param>
public sealed record AttachRequest(string ConnectionId, string UserId, string DisplayName, string Node, bool CountsForPresence, CatchUpFrom? CatchUp);

/// <summary>Where a reconnecting client's stream stopped: the block's attempt and the last sequence number it applied.</summary>
public sealed record CatchUpFrom(Guid? BlockId, int Attempt, int LastSequence);

/// <summary>
/// The state a connection starts from: the version and live continuation, read before the story is loaded, so
/// every later change and delta is either in the snapshot or arrives over the connection.
/// </summary>
/// <param name="FirstConnection">The user just connected (had no other connection attached).</param>
/// <param name="Version">The adventure's version now.</param>
/// <param name="Live">The continuation being written, if any.</param>
/// <param name="Connected">The users connected.</param>
/// <param name="CatchUp">The deltas a resuming connection missed (null when it opened, or nothing is written).</param>
public sealed record AttachReply(bool FirstConnection, long Version, LiveBlockView? Live, IReadOnlyList<string> Connected, StreamCatchUp? CatchUp);

/// <summary>A user whose last connection to the adventure went away.</summary>
public sealed record PresenceLeft(string UserId, string DisplayName);
