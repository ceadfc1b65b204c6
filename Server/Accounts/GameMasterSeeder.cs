using AdventureServer.Server.Persistence;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Accounts;

/// <summary>At start-up, creates (or promotes) the game master named in configuration, if any.</summary>
public sealed partial class GameMasterSeeder(IServiceProvider services, IOptions<AccountsOptions> options, ILogger<GameMasterSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = options.Value.GameMaster;
        if (seed is null || string.IsNullOrWhiteSpace(seed.UserName) || string.IsNullOrEmpty(seed.Password))
            return;
        // One node at a time, so nodes starting together do not both insert the account.
        await using var startup = await services.GetRequiredService<DatabaseStartupLock>().AcquireAsync(cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountService>().AddAsync(seed.UserName, seed.Password, Roles.GameMaster, allowExisting: true);
        if (result.Succeeded)
            LogSeeded(seed.UserName);
        else
            LogSeedFailed(seed.UserName, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Game master {UserName} is ready")]
    partial void LogSeeded(string userName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the game master {UserName}: {Errors}")]
    partial void LogSeedFailed(string userName, string errors);
}
