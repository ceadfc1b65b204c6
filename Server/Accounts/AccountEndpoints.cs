using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace AdventureServer.Server.Accounts;

/// <summary>Register, log in (a bearer token that the hubs accept as <c>access_token</c>), and who am I.</summary>
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

        group.MapGet("/me", (ClaimsPrincipal user) => Results.Ok(new
        {
            userName = user.Identity?.Name,
            roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        })).RequireAuthorization();

        return app;
    }
}
