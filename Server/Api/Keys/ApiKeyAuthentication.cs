using System.Net.Http.Headers;

namespace AdventureServer.Server.Api.Keys;

/// <summary>Reads <c>Authorization: Bearer sk-adv-…</c> and finds whose key it is.</summary>
public static class ApiKeyAuthentication
{
    /// <summary>The caller of <paramref name="context"/>'s request.</summary>
    /// <exception cref="ApiProblem">401 when the key is missing, unknown or revoked.</exception>
    public static async Task<ApiCaller> RequireCallerAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.ToString();
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(value.Parameter))
            throw ApiProblem.Unauthorized(
                "No API key was sent. Send one as 'Authorization: Bearer sk-adv-…'; the server's operator creates keys with 'AdventureServer apikey create USER'.");
        var keys = context.RequestServices.GetRequiredService<ApiKeyService>();
        return await keys.AuthenticateAsync(value.Parameter.Trim(), context.RequestAborted)
            ?? throw ApiProblem.Unauthorized(
                "This API key is not known to this server or has been revoked. Check that it was copied whole, or ask for a new one.");
    }
}
