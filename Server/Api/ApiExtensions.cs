using AdventureServer.Server.Api.Keys;
using AdventureServer.Server.Api.Kobold;
using AdventureServer.Server.Api.OpenAi;
using AdventureServer.Server.Api.Serving;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AdventureServer.Server.Api;

/// <summary>The public HTTP API: OpenAI- and KoboldAI-compatible generation on the players' worker, with per-account keys.</summary>
public static class ApiExtensions
{
    /// <summary>Registers <see cref="ApiOptions"/> (section <c>Api</c>, validated at start), the key service, limits, and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddPublicApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section)
            .Validate(o => o.MaxConcurrentRequests >= 1, "Api:MaxConcurrentRequests must be at least 1.")
            .Validate(o => o.MaxWaitingRequests >= 0, "Api:MaxWaitingRequests must be 0 or more.")
            .Validate(o => o.RequestsPerMinute >= 1, "Api:RequestsPerMinute must be at least 1.")
            .Validate(o => o.TokensPerMinute >= 1, "Api:TokensPerMinute must be at least 1.")
            .Validate(o => o.MaxTokensCap >= 1, "Api:MaxTokensCap must be at least 1.")
            .Validate(o => o.DefaultMaxTokens >= 1, "Api:DefaultMaxTokens must be at least 1.")
            .Validate(o => o.DefaultChatMaxTokens >= 1, "Api:DefaultChatMaxTokens must be at least 1.")
            .Validate(o => o.Chat.UserPrefix.Length > 0 && o.Chat.AssistantPrefix.Length > 0, "Api:Chat:UserPrefix and Api:Chat:AssistantPrefix must not be empty.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ApiKeyService>();
        builder.Services.AddSingleton<ApiRateLimiter>();
        builder.Services.AddSingleton<ApiAdmission>();
        builder.Services.AddSingleton<ApiGenerator>();
        builder.Services.AddSingleton<KoboldGenerations>();
        builder.Services.AddCors();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Cors.Infrastructure.ICorsPolicyProvider, ApiCorsPolicyProvider>();
        builder.Services.AddOpenApi(ApiOpenApi.Configure);
        return builder;
    }

    /// <summary>
    /// Answers cross-origin requests and preflights by <see cref="ApiCorsPolicyProvider"/>'s rules. Goes before
    /// authentication, so a preflight (which carries no key) is answered rather than refused.
    /// </summary>
    public static WebApplication UseApiCors(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCors();
        return app;
    }

    /// <summary>Maps both dialects and <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapPublicApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenAiApi();
        app.MapKoboldApi();
        app.MapOpenApi();
        return app;
    }
}
