namespace AdventureServer.Server.Accounts;

/// <summary>
/// An operator's lock (<c>user lock</c>): the lockout end set to the end of time. Identity's own lockout after
/// failed logins is temporary and only stops logging in: if it closed open sessions too, anyone who knows a name
/// could throw its player out of the game with ten wrong passwords.
/// </summary>
public static class AccountLock
{
    /// <summary>The lockout end of a locked account.</summary>
    public static readonly DateTimeOffset Forever = DateTimeOffset.MaxValue;

    /// <summary>Whether an operator locked <paramref name="account"/>.</summary>
    public static bool IsLocked(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.LockoutEnd is { } end && end >= Forever.AddYears(-1);
    }
}
