using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Accounts;

/// <summary>Register, log in (a bearer token that the hubs accept as <c>access_token</c>), renew the token, and who am I.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/account").WithTags("Accounts");

        group.MapPost("/register", async (Credentials credentials, AccountService accounts) =>
        {
            var result = await accounts.AddAsync(credentials.UserName.Trim(), credentials.Password, Roles.Player);
            return result.Succeeded
                ? Results.Ok(new { userName = credentials.UserName.Trim() })
                : Results.ValidationProblem(result.Errors.GroupBy(e => e.Code).ToDictionary(g => g.Key, g => g.Select(e => e.Description).ToArray()));
        });

        group.MapPost("/login", async (Credentials credentials, SignInManager<Account> signIn) =>
        {
            // The bearer handler writes the token response itself when the sign-in succeeds.
            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(credentials.UserName.Trim(), credentials.Password, isPersistent: false, lockoutOnFailure: true);
            return result.Succeeded
                ? Results.Empty
                : Results.Problem(result.IsLockedOut ? "Too many failed attempts; try again later." : "Wrong name or password.", statusCode: StatusCodes.Status401Unauthorized);
        });

        // A fresh token pair for a refresh token whose account still stands (same stamp, not locked, not
        // deleted), so a client renews before its access token expires instead of being dropped.
        group.MapPost("/refresh", async (TokenRefresh refresh, IOptionsMonitor<BearerTokenOptions> bearer, SignInManager<Account> signIn, AccountCheck check, TimeProvider time) =>
        {
            var ticket = string.IsNullOrEmpty(refresh.RefreshToken)
                ? null
                : bearer.Get(IdentityConstants.BearerScheme).RefreshTokenProtector.Unprotect(refresh.RefreshToken);
            if (ticket?.Properties.ExpiresUtc is not { } expires || expires <= time.GetUtcNow())
                return Results.Problem("The refresh token is not valid or has expired; log in again.", statusCode: StatusCodes.Status401Unauthorized);
            var problem = await check.ProblemAsync(ticket.Principal);
            var account = problem is null ? await signIn.UserManager.GetUserAsync(ticket.Principal) : null;
            if (account is null)
                return Results.Problem(problem ?? "This account no longer exists.", statusCode: StatusCodes.Status401Unauthorized);
            var principal = await signIn.CreateUserPrincipalAsync(account);
            return Results.SignIn(principal, authenticationScheme: IdentityConstants.BearerScheme);
        });

        group.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            userName = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).RequireAuthorization();

        return app;
    }
}
