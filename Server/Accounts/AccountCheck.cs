using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Accounts;

/// <summary>
/// Whether a token's principal still stands for its account: the account exists, is not locked by an operator, has
/// the security stamp the token was issued with, and still has every role the token claims. Scoped.
/// </summary>
public sealed class AccountCheck(UserManager<Account> users, IOptions<IdentityOptions> identity)
{
    /// <summary>Null when <paramref name="principal"/> is still good, else why not (a sentence for the client).</summary>
    public async Task<string?> ProblemAsync(ClaimsPrincipal principal, IDictionary<string, AccountState?>? loaded = null)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
            return "Log in first.";
        AccountState? state;
        if (loaded is null || !loaded.TryGetValue(id, out state))
        {
            state = await LoadAsync(id);
            loaded?.Add(id, state);
        }
        return Judge(principal, state);
    }

    async Task<AccountState?> LoadAsync(string id)
    {
        var account = await users.FindByIdAsync(id);
        if (account is null)
            return null;
        return new AccountState(account.SecurityStamp, AccountLock.IsLocked(account), (await users.GetRolesAsync(account)).ToHashSet(StringComparer.Ordinal));
    }

    string? Judge(ClaimsPrincipal principal, AccountState? state)
    {
        if (state is null)
            return "This account no longer exists.";
        if (state.Locked)
            return "This account is locked.";
        if (principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != state.SecurityStamp)
            return "This account changed since you logged in (password or roles); log in again.";
        if (principal.FindAll(ClaimTypes.Role).Any(role => !state.Roles.Contains(role.Value)))
            return "This account lost a role since you logged in; log in again.";
        return null;
    }
}
