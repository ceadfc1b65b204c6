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
