using System.Net.Http.Json;
using System.Text.Json;
using AdventureServer.Server.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AdventureServer.Server.Tests.Accounts;

/// <summary>Logs in over HTTP for both tokens, and changes accounts the way the <c>user</c> verb does.</summary>
public static class AccountTokens
{
    public const string Password = "correct-horse";

    /// <summary>Registers <paramref name="name"/> (if new) and logs in: the access token and the refresh token.</summary>
    public static async Task<(string Access, string Refresh)> LoginAsync(TestServer server, string name, string password = Password)
    {
        using var _ = await server.Http.PostAsJsonAsync("/api/account/register", new { userName = name, password });
        using var response = await server.Http.PostAsJsonAsync("/api/account/login", new { userName = name, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>Runs one of <see cref="AccountService"/>'s changes on the server and checks that it worked.</summary>
    public static async Task ChangeAsync(TestServer server, Func<AccountService, Task<IdentityResult>> change)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var result = await change(scope.ServiceProvider.GetRequiredService<AccountService>());
        Assert.That(result.Succeeded, Is.True, string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
