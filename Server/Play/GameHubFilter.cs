using System.Security.Claims;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Persistence;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>
/// Runs around every call of both hubs: caps connections per account, rate-limits calls, and turns the
/// game's refusals into <see cref="HubException"/>s whose message starts with the reason
/// (<c>Busy: The story is being written; wait for it to finish.</c>), so clients can tell them apart.
/// </summary>
public sealed class GameHubFilter(ConnectionRegistry connections, RateLimiter limiter, IOptions<GameOptions> options, ILogger<GameHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var userId = UserId(invocationContext.Context.User);
        if (!limiter.TryAcquire("call:" + userId, options.Value.InvocationsPerMinute))
        {
            PlayLog.RateLimited(logger, userId, invocationContext.HubMethodName);
            throw new HubException($"RateLimited: Too many calls (at most {options.Value.InvocationsPerMinute} a minute); slow down.");
        }

        try
        {
            return await next(invocationContext);
        }
        catch (GameRuleException e)
        {
            throw new HubException($"{e.Reason}: {e.Message}");
        }
        catch (ConcurrencyConflictException)
        {
            throw new HubException("Conflict: Someone else changed this adventure at the same moment; reload it and try again.");
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // SignalR's own failure log is turned down in appsettings.json (it would log every refusal as an
            // error), so unexpected failures are logged here.
            PlayLog.CallFailed(logger, e, invocationContext.HubMethodName, userId);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.Context.User;
        var limit = options.Value.ConnectionsPerAccount;
        if (!connections.TryConnect(UserId(user), user?.Identity?.Name ?? "?", context.Context.ConnectionId, limit))
        {
            PlayLog.ConnectionRefused(logger, UserId(user), "too many connections");
            // SignalR closes the connection and sends a HubException's message to the client.
            throw new HubException($"TooManyConnections: This account already has {limit} connections open; close one first.");
        }

        try
        {
            await next(context);
        }
        catch
        {
            // A connection that fails to start never reaches OnDisconnectedAsync.
            connections.Disconnect(context.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            var user = context.Context.User;
            var gone = connections.Disconnect(context.Context.ConnectionId);
            if (gone.Count > 0)
            {
                var game = context.ServiceProvider.GetRequiredService<AdventureService>();
                await game.DisconnectedAsync(UserId(user), user?.Identity?.Name ?? "?", gone);
            }
        }
    }

    /// <summary>The account id the hubs use for a user (Identity's name identifier).</summary>
    public static string UserId(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new HubException("Unauthorized: Log in first.");
}
