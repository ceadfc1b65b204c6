using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Accounts;

/// <summary>
/// Every <see cref="AccountsOptions.RevalidateEvery"/>, checks each open hub connection's token against its account
/// (<see cref="AccountCheck"/>) and closes those that no longer stand: a deleted or locked account, a changed
/// password, a removed role. Each account is read once a round however many connections it holds.
/// </summary>
public sealed partial class AccountRevalidator(HubSessions sessions, IServiceScopeFactory scopes, IOptions<AccountsOptions> options, TimeProvider time, ILogger<AccountRevalidator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidateEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckAllAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One failed round (the database busy, say) must not end the checks for the server's life.
                LogRoundFailed(logger, e);
            }
        }
    }

    /// <summary>One round over the open connections.</summary>
    public async Task CheckAllAsync()
    {
        var open = sessions.Open();
        if (open.Count == 0)
            return;
        await using var scope = scopes.CreateAsyncScope();
        var check = scope.ServiceProvider.GetRequiredService<AccountCheck>();
        var loaded = new Dictionary<string, AccountState?>(StringComparer.Ordinal);
        foreach (var context in open)
        {
            if (context.User is null)
                continue;
            var problem = await check.ProblemAsync(context.User, loaded);
            if (problem is not null)
                sessions.Close(context, problem);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the open connections against their accounts failed; trying again next round")]
    static partial void LogRoundFailed(ILogger logger, Exception e);
}
