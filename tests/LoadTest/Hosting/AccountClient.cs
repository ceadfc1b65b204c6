using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.LoadTest.Hosting;

/// <summary>Registers and logs in accounts over the server's HTTP API.</summary>
public sealed class AccountClient(HttpClient http)
{
    /// <summary>The password every simulated player uses (the server wants 8 characters or more).</summary>
    public const string Password = "load-test-password";

    /// <summary>Registers <paramref name="userName"/> and returns its bearer token.</summary>
    public async Task<string> RegisterAndLogInAsync(string userName, CancellationToken cancel)
    {
        using (var registered = await http.PostAsJsonAsync("/api/account/register", new { userName, password = Password }, cancel))
        {
            if (!registered.IsSuccessStatusCode)
                throw new InvalidOperationException($"Register {userName}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(cancel)}");
        }

        using var login = await http.PostAsJsonAsync("/api/account/login", new { userName, password = Password }, cancel);
        if (!login.IsSuccessStatusCode)
            throw new InvalidOperationException($"Log in {userName}: {(int)login.StatusCode}");
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync(cancel));
        return body.RootElement.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No accessToken in the login reply.");
    }
}
