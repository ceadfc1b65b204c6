using System.Net.Http.Json;
using System.Text.Json;

namespace AdventureServer.Server.Tests.Accounts;

/// <summary>
/// A client's token, renewed through <c>POST /api/account/refresh</c> once it is older than <c>renewAfter</c>, as the
/// browser client does before its token expires.
/// </summary>
public sealed class RenewingTokens(HttpClient http, string access, string refresh, TimeSpan renewAfter)
{
    readonly SemaphoreSlim _gate = new(1, 1);
    string _access = access;
    string _refresh = refresh;
    DateTime _issued = DateTime.UtcNow;
    int _renewals;

    /// <summary>Tokens renewed so far.</summary>
    public int Renewals => Volatile.Read(ref _renewals);

    /// <summary>A token to connect with: the current one, renewed first when it is due.</summary>
    public async Task<string?> CurrentAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (DateTime.UtcNow - _issued >= renewAfter)
            {
                using var response = await http.PostAsJsonAsync("/api/account/refresh", new { refreshToken = _refresh });
                response.EnsureSuccessStatusCode();
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                _access = body.GetProperty("accessToken").GetString()!;
                _refresh = body.GetProperty("refreshToken").GetString()!;
                _issued = DateTime.UtcNow;
                Interlocked.Increment(ref _renewals);
            }
            return _access;
        }
        finally
        {
            _gate.Release();
        }
    }
}
