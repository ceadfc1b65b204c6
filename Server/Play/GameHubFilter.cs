using System.Security.Claims;
using AdventureServer.Game.Rules;
using AdventureServer.Server.Accounts;
using AdventureServer.Server.Cluster;
using AdventureServer.Server.Persistence;
using AdventureServer.Server.Play.Grains;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Play;

/// <summary>
/// Runs around every call of both hubs: checks a connecting token against its account and caps connections per
/// account (in the account's grain, across the nodes), rate-limits calls, and is the one place where refusals become <see cref="HubException"/>s. Services throw
/// the game's <see cref="GameRuleException"/>s or the server's <see cref="RefusedException"/>s; malformed arguments
/// (<see cref="ArgumentException"/>) are refused as <c>Invalid</c>. The message starts with the reason word
/// (<c>Busy: The story is being written; wait for it to finish.</c>), so clients can tell refusals apart, and each
/// refusal is logged at Information.
/// </summary>
public sealed class GameHubFilter(
    ConnectionRegistry connections,
    IGrainFactory grains,
    ClusterNode node,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    RateLimits limits,
    HubSessions sessions,
    IOptions<GameOptions> options,
    ILogger<GameHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var method = invocationContext.HubMethodName;
        var userId = invocationContext.Context.User?.FindFirstValue(ClaimTypes.NameIdentifier);
        try
        {
            if (userId is null)
                throw new RefusedException(RefusalReason.Unauthorized, "Log in first.");
            using var call = limits.Acquire(new LimitKey(LimitKind.HubCalls, userId));
            if (!call.IsAcquired)
            {
                PlayLog.RateLimited(logger, userId, method);
                throw new RefusedException(RefusalReason.RateLimited, $"Too many calls (at most {options.Value.InvocationsPerMinute} a minute); slow down.");
            }
            return await next(invocationContext);
        }
        catch (GameRuleException e)
        {
            throw Refuse(method, userId, e.Reason.ToString(), e.Message);
        }
        catch (RefusedException e)
        {
            throw Refuse(method, userId, e.Reason.ToString(), e.Message);
        }
        catch (ConcurrencyConflictException)
        {
            throw Refuse(method, userId, nameof(RefusalReason.Conflict), "Someone else changed this adventure at the same moment; reload it and try again.");
        }
        catch (ArgumentException e)
        {
            // A hub argument that bound but cannot be used (a null request, settings or card, a null in a list).
            throw Refuse(method, userId, nameof(RefusalReason.Invalid), InvalidMessage(e));
        }
        catch (Exception e) when (e is not HubException and not OperationCanceledException)
        {
            // SignalR's own failure log is turned down in appsettings.json (it would log every refusal as an
            // error), so unexpected failures are logged here.
            PlayLog.CallFailed(logger, e, method, userId ?? "?");
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.Context.User ?? new ClaimsPrincipal();
        var userId = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?";
        var problem = await context.ServiceProvider.GetRequiredService<AccountCheck>().ProblemAsync(user);
        if (problem is not null)
        {
            PlayLog.ConnectionRefused(logger, userId, problem);
            // SignalR closes the connection and sends a HubException's message to the client.
            throw new HubException($"{RefusalReason.Unauthorized}: {problem}");
        }
        var limit = options.Value.ConnectionsPerAccount;
        var account = grains.GetGrain<IAccountGrain>(userId);
        if (!await NodeLoss.RetryAsync(() => account.TryConnect(context.Context.ConnectionId, node.Name, limit), time, lifetime.ApplicationStopping))
        {
            PlayLog.ConnectionRefused(logger, userId, "too many connections");
            throw new HubException($"{RefusalReason.TooManyConnections}: This account already has {limit} connections open; close one first.");
        }

        connections.Connect(context.Context.ConnectionId);
        try
        {
            sessions.Add(context.Context);
            await next(context);
        }
        catch
        {
            // A connection that fails to start never reaches OnDisconnectedAsync.
            sessions.Remove(context.Context.ConnectionId);
            connections.Disconnect(context.Context.ConnectionId);
            await account.Disconnect(context.Context.ConnectionId);
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
            sessions.Remove(context.Context.ConnectionId);
            var attached = connections.Disconnect(context.Context.ConnectionId);
            await context.ServiceProvider.GetRequiredService<AdventureService>()
                .DisconnectedAsync(context.Context.User?.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?", context.Context.ConnectionId, attached);
        }
    }

    /// <summary>The account id the hubs use for a user (Identity's name identifier).</summary>
    public static string UserId(ClaimsPrincipal? user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new RefusedException(RefusalReason.Unauthorized, "Log in first.");

    HubException Refuse(string method, string? userId, string reason, string message)
    {
        PlayLog.Refused(logger, method, userId ?? "?", reason, message);
        return new HubException($"{reason}: {message}");
    }

    static string InvalidMessage(ArgumentException e) => e.ParamName is { Length: > 0 } name
        ? $"The argument '{name}' is missing or malformed."
        : "The call's arguments are malformed.";
}
