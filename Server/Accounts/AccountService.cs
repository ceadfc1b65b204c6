using Microsoft.AspNetCore.Identity;

namespace AdventureServer.Server.Accounts;

/// <summary>Creates accounts and gives them roles; shared by the HTTP endpoints, the CLI verb and the seeder.</summary>
public sealed class AccountService(UserManager<Account> users, RoleManager<IdentityRole> roles)
{
    /// <summary>Creates an account with the given role, or adds the role to an existing one when <paramref name="allowExisting"/>.</summary>
    public async Task<IdentityResult> AddAsync(string userName, string password, string role, bool allowExisting = false)
    {
        await EnsureRolesAsync();
        var account = await users.FindByNameAsync(userName);
        if (account is not null)
        {
            if (!allowExisting)
                return IdentityResult.Failed(new IdentityError { Code = "DuplicateUserName", Description = $"The name '{userName}' is taken." });
        }
        else
        {
            account = new Account { UserName = userName };
            var created = await users.CreateAsync(account, password);
            if (!created.Succeeded)
                return created;
        }
        foreach (var needed in role == Roles.GameMaster ? Roles.All : [Roles.Player])
        {
            if (!await users.IsInRoleAsync(account, needed))
                await users.AddToRoleAsync(account, needed);
        }
        return IdentityResult.Success;
    }

    /// <summary>Takes <paramref name="role"/> from an account (a game master's role also ends its game-master tokens).</summary>
    public async Task<IdentityResult> RemoveRoleAsync(string userName, string role)
    {
        var account = await users.FindByNameAsync(userName);
        if (account is null)
            return NoSuchAccount(userName);
        if (!await users.IsInRoleAsync(account, role))
            return IdentityResult.Success;
        var removed = await users.RemoveFromRoleAsync(account, role);
        // A new stamp ends the tokens that still claim the role (AccountCheck); Identity does not change it for roles.
        return removed.Succeeded ? await users.UpdateSecurityStampAsync(account) : removed;
    }

    /// <summary>Locks an account until <see cref="UnlockAsync"/>: no login, and its open connections close.</summary>
    public async Task<IdentityResult> LockAsync(string userName)
    {
        var account = await users.FindByNameAsync(userName);
        if (account is null)
            return NoSuchAccount(userName);
        await users.SetLockoutEnabledAsync(account, true);
        var locked = await users.SetLockoutEndDateAsync(account, AccountLock.Forever);
        return locked.Succeeded ? await users.UpdateSecurityStampAsync(account) : locked;
    }

    /// <summary>Lifts a lock (and a lockout after failed logins).</summary>
    public async Task<IdentityResult> UnlockAsync(string userName)
    {
        var account = await users.FindByNameAsync(userName);
        return account is null ? NoSuchAccount(userName) : await users.SetLockoutEndDateAsync(account, null);
    }

    /// <summary>Deletes an account; its tokens stop working on the hubs at once and its open connections close.</summary>
    public async Task<IdentityResult> DeleteAsync(string userName)
    {
        var account = await users.FindByNameAsync(userName);
        return account is null ? NoSuchAccount(userName) : await users.DeleteAsync(account);
    }

    static IdentityResult NoSuchAccount(string userName) =>
        IdentityResult.Failed(new IdentityError { Code = "NoSuchAccount", Description = $"There is no account named '{userName}'." });

    // Registrations arriving together on a fresh database would race to create the roles and trip the
    // unique index on role names: one at a time within the server process.
    static readonly SemaphoreSlim RoleCreation = new(1, 1);

    async Task EnsureRolesAsync()
    {
        await RoleCreation.WaitAsync();
        try
        {
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                    await roles.CreateAsync(new IdentityRole(role));
            }
        }
        finally
        {
            RoleCreation.Release();
        }
    }
}
