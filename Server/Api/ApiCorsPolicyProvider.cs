using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace AdventureServer.Server.Api;

/// <summary>
/// Chooses the cross-origin policy by path: the API routes (<c>/v1</c>, <c>/api/v1</c>, <c>/api/extra</c>) allow
/// <see cref="ApiOptions.CorsOrigins"/> (any origin by default: KoboldAI Lite runs from its own site or a local
/// file, and the key, not a cookie, is what authorises); the game's token routes (<c>/api/account</c>) allow only
/// <see cref="ApiOptions.GameCorsOrigins"/> (none by default); every other path allows none.
/// </summary>
public sealed class ApiCorsPolicyProvider(IOptions<ApiOptions> options) : ICorsPolicyProvider
{
    static readonly string[] ApiPaths = ["/v1", "/api/v1", "/api/extra"];

    readonly CorsPolicy? _api = Build(options.Value.CorsOrigins);
    readonly CorsPolicy? _game = Build(options.Value.GameCorsOrigins);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = context.Request.Path;
        if (ApiPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return Task.FromResult(_api);
        if (path.StartsWithSegments("/api/account", StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(_game);
        return Task.FromResult<CorsPolicy?>(null);
    }

    static CorsPolicy? Build(string setting)
    {
        var origins = setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (origins.Length == 0)
            return null;
        var policy = new CorsPolicyBuilder().AllowAnyHeader().AllowAnyMethod()
            // Browsers may read these from a cross-origin answer: the wait after a 429 or 503.
            .WithExposedHeaders("Retry-After");
        return (origins.Contains("*") ? policy.AllowAnyOrigin() : policy.WithOrigins(origins)).Build();
    }
}
