namespace AdventureServer.Server.Accounts;

/// <summary>What a person sends to register or log in.</summary>
public sealed record Credentials(string UserName, string Password);
