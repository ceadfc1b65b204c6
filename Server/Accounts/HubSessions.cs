using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.SignalR;

namespace AdventureServer.Server.Accounts;

/// <summary>
/// The open hub connections of both hubs with their callers, so that <see cref="AccountRevalidator"/> can check them
/// against the accounts and close those that no longer stand (telling the client not to reconnect); each connection
/// is also closed when its token expires, telling the client it may reconnect (with a renewed token). Thread-safe singleton, filled by the hub filter on connect and emptied on disconnect.
/// </summary>
public sealed partial class HubSessions(TimeProvider time, ILogger<HubSessions> logger)
{
    readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);

    /// <summary>How many connections are open.</summary>
    public int Count => _sessions.Count;

    /// <summary>Tracks <paramref name="context"/> until <see cref="Remove"/>, and closes it when its token expires.</summary>
    public void Add(HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = new Session(context);
        var expires = TokenExpiry(context);
        if (expires is { } at)
        {
            var left = at - time.GetUtcNow();
            session.Expiry = time.CreateTimer(_ => Close(session, "its token expired", allowReconnect: true), null, left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        _sessions[context.ConnectionId] = session;
    }

    /// <summary>Forgets a connection that closed.</summary>
    public void Remove(string connectionId)
    {
        if (_sessions.TryRemove(connectionId, out var session))
            session.Expiry?.Dispose();
    }

    /// <summary>The open connections now.</summary>
    public IReadOnlyList<HubCallerContext> Open() => _sessions.Values.Select(s => s.Context).ToArray();

    /// <summary>Closes a connection for <paramref name="reason"/> (logged); the client sees the connection drop.</summary>
    public void Close(HubCallerContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_sessions.TryGetValue(context.ConnectionId, out var session))
            Close(session, reason, allowReconnect: false);
        else
            context.Abort();
    }

    void Close(Session session, string reason, bool allowReconnect)
    {
        LogClosed(logger, session.Context.UserIdentifier ?? "?", session.Context.ConnectionId, reason);
        Remove(session.Context.ConnectionId);
        var lifetime = allowReconnect ? session.Context.Features.Get<IConnectionLifetimeNotificationFeature>() : null;
        if (lifetime is not null)
            // Closes with a message that lets the client reconnect (as at a graceful shutdown): a client that
            // renewed its token comes straight back; a plain abort would tell it not to.
            lifetime.RequestClose();
        else
            session.Context.Abort();
    }

    // The bearer handler puts the token's expiry in the authentication properties of the request that opened
    // the connection (SignalR keeps that request's features for the connection's life).
    static DateTimeOffset? TokenExpiry(HubCallerContext context) =>
        context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed hub connection {ConnectionId} of {UserId}: {Reason}")]
    static partial void LogClosed(ILogger logger, string userId, string connectionId, string reason);

    sealed class Session(HubCallerContext context)
    {
        public HubCallerContext Context { get; } = context;

        public ITimer? Expiry { get; set; }
    }
}
