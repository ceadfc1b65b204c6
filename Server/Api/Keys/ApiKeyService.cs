using System.Security.Cryptography;
using System.Text;
using AdventureServer.Server.Accounts;
using Microsoft.EntityFrameworkCore;

namespace AdventureServer.Server.Api.Keys;

/// <summary>
/// Creates, lists, revokes and checks API keys. Scoped (one <see cref="AccountsDbContext"/> per use); used by the
/// <c>apikey</c> CLI verb, the API's authentication, and the game master's hub.
/// </summary>
public sealed class ApiKeyService(AccountsDbContext db, TimeProvider clock)
{
    /// <summary>What every key starts with, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string SecretPrefix = "sk-adv-";

    const int ShownPrefixLength = 12;

    /// <summary>Creates a key for the account named <paramref name="userName"/>; null when there is no such account.</summary>
    public async Task<CreatedApiKey?> CreateAsync(string userName, string name = "", CancellationToken cancellationToken = default)
    {
        var account = await FindAccountAsync(userName, cancellationToken);
        if (account is null)
            return null;
        // 32 random bytes: guessing is hopeless, so a fast unsalted hash is enough to store it.
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey
        {
            AccountId = account.Id,
            Name = name,
            Prefix = secret[..ShownPrefixLength],
            Hash = Hash(secret),
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedApiKey(Summarise(key, account.UserName!), secret);
    }

    /// <summary>The keys of the account named <paramref name="userName"/>, revoked ones included; null when there is no such account.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>?> ListAsync(string userName, CancellationToken cancellationToken = default)
    {
        var account = await FindAccountAsync(userName, cancellationToken);
        if (account is null)
            return null;
        var keys = await db.Set<ApiKey>().AsNoTracking().Where(k => k.AccountId == account.Id).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return keys.Select(k => Summarise(k, account.UserName!)).ToList();
    }

    /// <summary>Revokes key <paramref name="id"/>; false when there is no such key. Revoking twice is harmless.</summary>
    /// <param name="id">The key's id.</param>
    /// <param name="accountId">When given, only a key of this account is revoked (a player revoking their own).</param>
    /// <param name="cancellationToken">Cancels the database work.</param>
    public async Task<bool> RevokeAsync(int id, string? accountId = null, CancellationToken cancellationToken = default)
    {
        var key = await db.Set<ApiKey>().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null || (accountId is not null && key.AccountId != accountId))
            return false;
        key.RevokedUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The caller a secret belongs to, or null when it is unknown or revoked.</summary>
    public async Task<ApiCaller?> AuthenticateAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
            return null;
        var hash = Hash(secret);
        var key = await db.Set<ApiKey>().AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedUtc == null)
            .Select(k => new { k.Id, k.AccountId })
            .SingleOrDefaultAsync(cancellationToken);
        return key is null ? null : new ApiCaller(key.Id, key.AccountId);
    }

    Task<Account?> FindAccountAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.Trim().ToUpperInvariant();
        return db.Users.SingleOrDefaultAsync(a => a.NormalizedUserName == normalized, cancellationToken);
    }

    static ApiKeySummary Summarise(ApiKey key, string userName) =>
        new(key.Id, userName, key.Name, key.Prefix, key.CreatedUtc, key.RevokedUtc);

    static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
