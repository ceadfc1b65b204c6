namespace AdventureServer.Server.Accounts;

/// <summary>Settings of accounts, bound from the <c>Accounts</c> section.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary>How long a bearer token lasts.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How often open hub connections are checked against their accounts (deleted, locked, security stamp, roles);
    /// a connection that fails is closed, so a removed role or a deleted account takes effect within this time.
    /// </summary>
    public TimeSpan RevalidateEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An account created (or promoted) as game master at start-up, when a name and password are set.</summary>
    public SeedAccount? GameMaster { get; set; }

    /// <summary>Folder of the keys that sign bearer tokens, relative to the content root, so tokens survive a restart.</summary>
    public string KeysFolder { get; set; } = "data/keys";
}
