using Microsoft.AspNetCore.Identity;

namespace AdventureServer.Server.Accounts;

/// <summary>A person's account: the Identity user, whose user name is shown to other players.</summary>
public sealed class Account : IdentityUser;
