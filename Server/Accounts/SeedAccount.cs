namespace AdventureServer.Server.Accounts;

/// <summary>An account named in configuration.</summary>
public sealed class SeedAccount
{
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";
}
