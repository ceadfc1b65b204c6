using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.LoadTest.Hosting;

/// <summary>Registers and logs in accounts over the server's HTTP API.</summary>
public sealed class AccountClient(HttpClient http)
{
    /// <summary>The password every simulated player uses (the server wants 8 characters or more).</summary>
    public const string Password = "load-test-password";

    /// <summary>
    /// Registers <paramref name="userName"/> and returns its bearer token. A server error on register is tried
    /// again (twice at most) and told to <paramref name="retried"/>: concurrent first registrations on a fresh
    /// server race on creating the roles, and the report counts that rather than losing the whole party.
    /// </summary>
    public async Task<string> RegisterAndLogInAsync(string userName, Action<string> retried, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(retried);
        for (var attempt = 1; ; attempt++)
        {
            using var registered = await http.PostAsJsonAsync("/api/account/register", new { userName, password = Password }, cancel);
            if (registered.IsSuccessStatusCode)
                break;
            var failure = $"Register {userName}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync(cancel)}";
            if ((int)registered.StatusCode < 500 || attempt == 3)
                throw new InvalidOperationException(failure);
            retried(failure);
            await Task.Delay(200 * attempt, cancel);
        }

        using var login = await http.PostAsJsonAsync("/api/account/login", new { userName, password = Password }, cancel);
        if (!login.IsSuccessStatusCode)
            throw new InvalidOperationException($"Log in {userName}: {(int)login.StatusCode}");
        using var body = JsonDocument.Parse(await login.Content.ReadAsStringAsync(cancel));
        return body.RootElement.GetProperty("accessToken").GetString() ?? throw new InvalidOperationException("No accessToken in the login reply.");
    }
}
